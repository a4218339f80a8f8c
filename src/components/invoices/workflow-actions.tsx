'use client';
import { Link } from '@/components/link';
import { useActionState } from 'react';
import { centsToInput } from '@/lib/money';
import { isConflict, isError } from '@/lib/result';
import { recordPayment, sendInvoice, voidInvoice } from '@/server/invoices/actions';
import type { ActionState } from '@/lib/action-state';
import type { InvoiceRecord } from '@/lib/invoice';
import { fieldErrorsOf, valueOf } from '../field-error';
import { LabelledInput } from '../labelled-input';

type State = ActionState<InvoiceRecord, InvoiceRecord> | null;
/** Only what the forms post and show: the page's payload carries these fields, not the whole record. */
export type WorkflowTarget = Pick<InvoiceRecord, 'id' | 'version' | 'status' | 'totalCents' | 'paidCents'>;
export type WorkflowStates = Partial<Record<'send' | 'pay' | 'void', State>>;

function Problem({ state }: { state: State }) {
  if (!isConflict(state) && !isError(state)) return null;
  return (
    <p className="text-sm text-red-600" role="alert" data-testid="workflow-error">
      {state.message}
    </p>
  );
}

function Hidden({ invoice }: { invoice: WorkflowTarget }) {
  return (
    <>
      <input type="hidden" name="id" value={invoice.id} />
      <input type="hidden" name="version" value={invoice.version} />
      <input type="hidden" name="returnTo" value={`/invoices/${invoice.id}`} />
    </>
  );
}

/** Send, record a payment, void: what the invoice's status allows; the server checks it again. */
export function WorkflowActions({
  invoice,
  today,
  initialStates = {},
}: {
  invoice: WorkflowTarget;
  today: string;
  initialStates?: WorkflowStates;
}) {
  const [sendState, send, sending] = useActionState(sendInvoice, initialStates.send ?? null);
  const [payState, pay, paying] = useActionState(recordPayment, initialStates.pay ?? null);
  const [voidState, doVoid, voiding] = useActionState(voidInvoice, initialStates.void ?? null);
  const payErrors = fieldErrorsOf(payState);
  const voidErrors = fieldErrorsOf(voidState);
  const owed = invoice.totalCents - invoice.paidCents;

  return (
    <section className="card space-y-4" aria-label="Invoice workflow">
      <div className="flex flex-wrap gap-2">
        {invoice.status === 'draft' && (
          <form action={send}>
            <Hidden invoice={invoice} />
            <button type="submit" className="btn btn-primary" disabled={sending} data-testid="invoice-send">
              Send invoice
            </button>
          </form>
        )}
        <Link className="btn" href={`/invoices/new?from=${invoice.id}`} data-testid="invoice-duplicate">
          Duplicate
        </Link>
        <Link className="btn" href={`/invoices/${invoice.id}/print`} data-testid="invoice-print">
          Print
        </Link>
      </div>
      <Problem state={sendState} />
      {invoice.status === 'sent' && (
        <div className="grid gap-4 md:grid-cols-2">
          <form action={pay} className="space-y-2" aria-label="Record a payment">
            <Hidden invoice={invoice} />
            <h3 className="font-medium">Record a payment</h3>
            <LabelledInput
              label="Amount"
              id="amount"
              name="amount"
              inputMode="decimal"
              errors={payErrors}
              defaultValue={valueOf(payState, 'amount') ?? centsToInput(owed)}
            />
            <LabelledInput
              label="Paid on"
              name="paidOn"
              type="date"
              errors={payErrors}
              defaultValue={valueOf(payState, 'paidOn') ?? today}
            />
            <button type="submit" className="btn btn-primary" disabled={paying} data-testid="invoice-pay">
              Record payment
            </button>
            <Problem state={payErrors ? null : payState} />
          </form>
          <form action={doVoid} className="space-y-2" aria-label="Void the invoice">
            <Hidden invoice={invoice} />
            <h3 className="font-medium">Void</h3>
            <LabelledInput
              label="Reason"
              id="reason"
              name="reason"
              errors={voidErrors}
              defaultValue={valueOf(voidState, 'reason') ?? ''}
            />
            <button type="submit" className="btn btn-danger" disabled={voiding} data-testid="invoice-void">
              Void invoice
            </button>
            <Problem state={voidErrors ? null : voidState} />
          </form>
        </div>
      )}
    </section>
  );
}
