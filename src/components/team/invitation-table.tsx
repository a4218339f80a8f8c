import type { PendingInvitation } from '@/lib/team';

export function InvitationTable({ invitations }: { invitations: PendingInvitation[] }) {
  if (invitations.length === 0) return <p className="text-sm text-slate-500">No open invitations.</p>;
  return (
    <ul className="space-y-1 text-sm" data-testid="org-invitations">
      {invitations.map((i) => (
        <li key={i.id}>
          {i.email} as {i.role}, open until {i.expiresAt.toISOString().slice(0, 10)}
        </li>
      ))}
    </ul>
  );
}
