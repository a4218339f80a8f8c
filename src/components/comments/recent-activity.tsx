'use client';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@/components/link';
import { fetchRecentComments } from '@/lib/comments/fetch-comments';
import { commentKeys } from '@/lib/query/comment-keys';
import { formatInvoiceNumber } from '@/lib/schemas/invoice';

/** Latest comments across the org; remounts reuse the tab's cache instead of refetching. */
export function RecentActivity({ orgId }: { orgId: string }) {
  const recent = useQuery({ queryKey: commentKeys.recent(orgId), queryFn: ({ signal }) => fetchRecentComments(signal) });
  return (
    <aside className="card space-y-2 text-sm" aria-label="Recent activity" data-testid="recent-activity">
      <h2 className="font-semibold">Recent activity</h2>
      {recent.isPending && <p className="text-slate-500">Loading…</p>}
      {recent.isError && <p className="text-red-600">Could not load recent comments.</p>}
      <ul className="space-y-1">
        {recent.data?.map((comment) => (
          <li key={comment.id} data-testid="recent-comment">
            <Link className="text-indigo-700 hover:underline" href={`/invoices/${comment.invoiceId}#comments`}>
              {formatInvoiceNumber(comment.invoiceNumber)}
            </Link>{' '}
            <span className="text-slate-500">{comment.authorName}:</span> <span className="line-clamp-1">{comment.body}</span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
