import { notFound } from 'next/navigation';
import { CommentSection } from '@/components/comments/comment-section';
import { RecentActivity } from '@/components/comments/recent-activity';
import { FetchedAtStrip } from '@/components/fetched-at-strip';
import { InvoiceEditForm } from '@/components/invoice-edit-form';
import { InvoiceSummary } from '@/components/invoice-summary';
import { WorkflowActions } from '@/components/invoices/workflow-actions';
import { isOverdue } from '@/lib/invoices/overdue';
import { LifecycleButtons } from '@/components/lifecycle-buttons';
import { DEFAULT_LIST_QUERY, invoiceId } from '@/lib/schemas/invoice';
import { requireViewer } from '@/server/auth/viewer';
import { orgToday } from '@/server/org/today';
import { flashFor, takeFlash } from '@/server/flash';
import { getCommentCount } from '@/server/comments/cached';
import { getInvoiceListPage, getInvoiceRecord, getOrgSummary } from '@/server/invoices/cached';
import { mayWriteInvoice, maySeeInvoice } from '@/server/invoices/policy';
import { mayComment } from '@/server/comments/policy';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ flash?: string }> };

export default async function InvoicePage({ params, searchParams }: Props) {
  const viewer = await requireViewer();
  const id = invoiceId.safeParse((await params).id);
  if (!id.success) notFound();
  const orgId = viewer.active.orgId;
  const today = await orgToday(orgId);
  const [{ invoice, fetchedAt }, list, summary, comments] = await Promise.all([
    getInvoiceRecord(orgId, id.data),
    getInvoiceListPage(orgId, DEFAULT_LIST_QUERY, today),
    getOrgSummary(orgId),
    getCommentCount(orgId, id.data),
  ]);
  if (!invoice || !maySeeInvoice(viewer.active.role, invoice)) notFound();
  const writable = mayWriteInvoice(viewer.active.role, invoice);

  const flash = await takeFlash((await searchParams).flash, viewer.userId);
  return (
    <div className="grid gap-4 lg:grid-cols-[1fr_20rem]">
      <div className="space-y-4">
        <InvoiceSummary invoice={invoice} overdue={isOverdue(invoice, today)} />
        <p className="text-sm text-slate-600" data-testid="comment-count">
          {comments.count} {comments.count === 1 ? 'comment' : 'comments'}
        </p>
        <FetchedAtStrip list={list.fetchedAt} summary={summary.fetchedAt} record={fetchedAt} />
        {writable && (
          <>
            <LifecycleButtons
              invoice={{ id: invoice.id, version: invoice.version, archivedAt: invoice.archivedAt }}
              initialStates={{
                archive: flashFor(flash, 'invoice.archive'),
                restore: flashFor(flash, 'invoice.restore'),
                softDelete: flashFor(flash, 'invoice.softDelete'),
              }}
            />
            <WorkflowActions
              key={`workflow-${invoice.version}`}
              invoice={{
                id: invoice.id,
                version: invoice.version,
                status: invoice.status,
                totalCents: invoice.totalCents,
                paidCents: invoice.paidCents,
              }}
              today={today}
              initialStates={{
                send: flashFor(flash, 'invoice.send'),
                pay: flashFor(flash, 'invoice.pay'),
                void: flashFor(flash, 'invoice.void'),
              }}
            />
            {invoice.status === 'draft' && (
              <InvoiceEditForm key={invoice.version} invoice={invoice} initialState={flashFor(flash, 'invoice.update')} />
            )}
          </>
        )}
        {!writable && !invoice.deletedAt && (
          <p className="text-sm text-slate-500">Only admins can edit, archive or delete invoices.</p>
        )}
      </div>
      <div className="space-y-4">
        {mayComment(invoice) && (
          <CommentSection
            orgId={orgId}
            invoiceId={invoice.id}
            viewer={{ id: viewer.userId, name: viewer.name }}
            initialState={flashFor(flash, 'comment.add')}
          />
        )}
        <RecentActivity orgId={orgId} />
      </div>
    </div>
  );
}
