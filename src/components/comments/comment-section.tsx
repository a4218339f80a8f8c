import { dehydrate, defaultShouldDehydrateQuery, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import { randomUUID } from 'node:crypto';
import { commentKeys } from '@/lib/query/comment-keys';
import type { ActionState } from '@/lib/action-state';
import type { Comment } from '@/lib/schemas/comment';
import { getFirstCommentPage } from '@/server/comments/cached';
import { CommentThread } from './comment-thread';

interface Props {
  orgId: string;
  invoiceId: string;
  viewer: { id: string; name: string };
  initialState: ActionState<Comment, null> | null;
}

/**
 * Server half of the thread: reads the first page in-process (no HTTP loopback) into a per-request
 * query client and hands it to the browser, so the thread's first paint has no skeleton.
 */
export async function CommentSection({ orgId, invoiceId, viewer, initialState }: Props) {
  const queryClient = new QueryClient();
  await queryClient.prefetchQuery({
    queryKey: commentKeys.firstPage(orgId, invoiceId),
    queryFn: () => getFirstCommentPage(orgId, invoiceId),
  });
  const state = dehydrate(queryClient, {
    shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === 'pending',
  });
  return (
    <HydrationBoundary state={state}>
      <CommentThread
        orgId={orgId}
        invoiceId={invoiceId}
        viewer={viewer}
        firstCommentId={randomUUID()}
        initialState={initialState}
      />
    </HydrationBoundary>
  );
}
