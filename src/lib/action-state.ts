import type { Result } from '@/lib/result';

/** What a form action hands back to `useActionState`: the Result plus what the user typed, so nothing is lost. */
export type ActionState<T = unknown, C = unknown> = Result<T, C> & { values?: Record<string, unknown> };
