import { notFound } from 'next/navigation';
import { CustomerForm } from '@/components/customers/customer-form';
import { roleAtLeast } from '@/lib/roles';
import { requireViewer } from '@/server/auth/viewer';
import { flashFor, takeFlash } from '@/server/flash';

export default async function NewCustomerPage({ searchParams }: { searchParams: Promise<{ flash?: string }> }) {
  const viewer = await requireViewer();
  if (!roleAtLeast(viewer.active.role, 'admin')) notFound();
  const flash = await takeFlash((await searchParams).flash, viewer.userId);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">New customer</h1>
      <CustomerForm initialState={flashFor(flash, 'customer.create')} />
    </div>
  );
}
