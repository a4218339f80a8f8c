import { commentPageSchema, recentCommentsSchema, type CommentPage, type RecentComment } from '@/lib/schemas/comment';

/** Browser reads of the comment API, parsed with the same schemas the route handlers validate against. */
async function getJson(url: string, signal?: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`Could not load comments (HTTP ${response.status}).`);
  return response.json();
}

export async function fetchCommentPage(invoiceId: string, cursor: string | null, signal?: AbortSignal): Promise<CommentPage> {
  const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
  return commentPageSchema.parse(await getJson(`/api/invoices/${invoiceId}/comments${query}`, signal));
}

export async function fetchRecentComments(signal?: AbortSignal): Promise<RecentComment[]> {
  return recentCommentsSchema.parse(await getJson('/api/comments/recent', signal)).comments;
}
