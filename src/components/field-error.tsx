import type { FieldErrors } from '@/lib/result';

export function FieldError({ errors, name }: { errors: FieldErrors | undefined; name: string }) {
  const messages = errors?.[name];
  if (!messages?.length) return null;
  return (
    <p id={`${name}-error`} className="mt-1 text-xs text-red-600" role="alert">
      {messages.join(' ')}
    </p>
  );
}

/** What went wrong with the whole form, above its fields. */
export function FormAlert({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="rounded bg-red-50 p-2 text-sm text-red-700" role="alert">
      {message}
    </p>
  );
}

export const fieldErrorsOf = (state: unknown): FieldErrors | undefined =>
  state && typeof state === 'object' && 'fieldErrors' in state ? (state.fieldErrors as FieldErrors) : undefined;

export const valueOf = (state: unknown, name: string): string | undefined => {
  if (!state || typeof state !== 'object' || !('values' in state)) return undefined;
  let node: unknown = state.values;
  for (const key of name.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  return typeof node === 'string' ? node : undefined;
};
