import { Link } from '@/components/link';

/**
 * Every 404 (a missing or foreign record, a page above the viewer's role) renders inside the root layout,
 * so the answer is complete HTML for curl and browsers without JavaScript, not an empty error document.
 */
export default function NotFound() {
  return (
    <div className="mx-auto max-w-md space-y-3 py-16 text-center" data-testid="not-found">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="text-slate-600">This page could not be found. It does not exist, or it is not yours to see.</p>
      <Link href="/invoices" className="btn">
        Back to the invoices
      </Link>
    </div>
  );
}
