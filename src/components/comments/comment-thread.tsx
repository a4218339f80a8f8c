'use client';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useActionState, useEffect, useRef, type FormEvent } from 'react';
import { flattenThread, prependToFirstPage, replaceById, type Thread } from '@/lib/comments/cache-updates';
import { fetchCommentPage } from '@/lib/comments/fetch-comments';
import { commentKeys } from '@/lib/query/comment-keys';
import type { PostState } from '@/lib/comments/post-state';
import { MAX_COMMENT_LENGTH, type CommentPage } from '@/lib/schemas/comment';
import { addCommentAction } from '@/server/comments/actions';
import { CommentForm } from './comment-form';

export const POLL_INTERVAL_MS = 10_000;
const MAX_PAGES = 10;

interface Props {
  orgId: string;
  invoiceId: string;
  viewer: { id: string; name: string };
  /** Generated on the server so the form also posts without JavaScript. */
  firstCommentId: string;
  initialState: PostState;
}

export function CommentThread({ orgId, invoiceId, viewer, firstCommentId, initialState }: Props) {
  const queryClient = useQueryClient();
  const threadKey = commentKeys.thread(orgId, invoiceId);
  const [state, formAction, posting] = useActionState(addCommentAction, initialState);
  const snapshots = useRef(new Map<string, Thread | undefined>());

  const thread = useInfiniteQuery({
    queryKey: threadKey,
    queryFn: ({ pageParam, signal }) => fetchCommentPage(invoiceId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    getPreviousPageParam: (page) => page.prevCursor,
    maxPages: MAX_PAGES,
    // No poll while a post is in flight: it would land without the optimistic row.
    refetchInterval: posting ? false : POLL_INTERVAL_MS,
    refetchIntervalInBackground: false,
    // Seeded from the server-rendered first page only when this tab has no thread yet: a later
    // server render never replaces pages the user already scrolled through.
    initialData: () => {
      const first = queryClient.getQueryData<CommentPage>(commentKeys.firstPage(orgId, invoiceId));
      return first ? { pages: [first], pageParams: [null] } : undefined;
    },
    initialDataUpdatedAt: () => queryClient.getQueryState(commentKeys.firstPage(orgId, invoiceId))?.dataUpdatedAt,
  });

  function addOptimistically(event: FormEvent<HTMLFormElement>) {
    const form = new FormData(event.currentTarget);
    const id = String(form.get('id'));
    const body = String(form.get('body') ?? '').trim();
    if (!body || body.length > MAX_COMMENT_LENGTH) return; // the server answers with the field error
    void queryClient.cancelQueries({ queryKey: threadKey });
    snapshots.current.set(id, queryClient.getQueryData<Thread>(threadKey));
    queryClient.setQueryData<Thread>(threadKey, (old) =>
      prependToFirstPage(old, {
        id,
        invoiceId,
        authorId: viewer.id,
        authorName: viewer.name,
        body,
        createdAt: new Date().toISOString(),
      }),
    );
  }

  useEffect(() => {
    const id = typeof state?.values?.id === 'string' ? state.values.id : null;
    if (!state || !id || !snapshots.current.has(id)) return;
    if (state.ok) {
      queryClient.setQueryData<Thread>(threadKey, (old) => replaceById(old, state.data));
    } else {
      queryClient.setQueryData<Thread>(threadKey, snapshots.current.get(id));
    }
    snapshots.current.delete(id);
    void queryClient.invalidateQueries({ queryKey: commentKeys.org(orgId) });
    // threadKey is derived from orgId and invoiceId, which never change for a mounted thread.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);

  const comments = flattenThread(thread.data);
  // A stored comment remounts the form: fresh text, fresh id for the next post.
  const formKey = state?.ok ? state.data.id : 'first';

  return (
    <section id="comments" className="card space-y-3" aria-label="Comments" data-testid="comment-thread">
      <h2 className="font-semibold">Comments</h2>
      <CommentForm
        key={formKey}
        invoiceId={invoiceId}
        commentId={formKey === 'first' ? firstCommentId : undefined}
        action={formAction}
        onSubmit={addOptimistically}
        state={state}
        posting={posting}
      />
      {thread.hasPreviousPage && (
        <button type="button" className="btn" onClick={() => thread.fetchPreviousPage()} disabled={thread.isFetchingPreviousPage}>
          Show newer comments
        </button>
      )}
      <ol className="space-y-2" data-testid="comment-list">
        {comments.map((comment) => (
          <li
            key={comment.id}
            className="rounded border border-slate-100 p-2 text-sm"
            data-testid="comment"
            data-comment-id={comment.id}
          >
            <p className="text-xs text-slate-500">
              {comment.authorName} · <time dateTime={comment.createdAt}>{comment.createdAt.slice(0, 16).replace('T', ' ')}</time>
            </p>
            <p className="whitespace-pre-wrap">{comment.body}</p>
          </li>
        ))}
      </ol>
      {comments.length === 0 && <p className="text-sm text-slate-500">No comments yet.</p>}
      {thread.hasNextPage && (
        <button
          type="button"
          className="btn"
          onClick={() => thread.fetchNextPage()}
          disabled={thread.isFetchingNextPage}
          data-testid="load-older"
        >
          {thread.isFetchingNextPage ? 'Loading…' : 'Load older comments'}
        </button>
      )}
    </section>
  );
}
