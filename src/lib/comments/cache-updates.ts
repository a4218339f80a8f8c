import type { InfiniteData } from '@tanstack/react-query';
import type { Comment, CommentPage } from '@/lib/schemas/comment';

export type Thread = InfiniteData<CommentPage, string | null>;

/** Puts a comment at the top of page zero (the newest page), unless a page already holds its id. */
export function prependToFirstPage(thread: Thread | undefined, comment: Comment): Thread | undefined {
  const [first, ...rest] = thread?.pages ?? [];
  if (!thread || !first || thread.pages.some((page) => page.comments.some((c) => c.id === comment.id))) return thread;
  return { ...thread, pages: [{ ...first, comments: [comment, ...first.comments] }, ...rest] };
}

/** Swaps the optimistic row for the stored one, by id, wherever it is. */
export function replaceById(thread: Thread | undefined, comment: Comment): Thread | undefined {
  if (!thread) return thread;
  return {
    ...thread,
    pages: thread.pages.map((page) => ({ ...page, comments: page.comments.map((c) => (c.id === comment.id ? comment : c)) })),
  };
}

/** Every comment once, newest first, even if two pages briefly overlap while the thread moves. */
export function flattenThread(thread: InfiniteData<CommentPage, unknown> | undefined): Comment[] {
  const seen = new Set<string>();
  return (thread?.pages ?? []).flatMap((page) => page.comments).filter((c) => !seen.has(c.id) && !!seen.add(c.id));
}
