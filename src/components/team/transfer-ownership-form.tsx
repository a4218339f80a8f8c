import { transferTeamOwnership } from '@/server/team/actions';
import type { TeamFormState } from '@/lib/team';
import type { RosterMember } from '@/lib/team';
import { ActionForm } from '../action-form';

/** Owners only: make another member owner, and optionally step down to admin in the same change. */
export function TransferOwnershipForm({
  orgId,
  candidates,
  initialState,
}: {
  orgId: string;
  candidates: RosterMember[];
  initialState: TeamFormState | null;
}) {
  if (candidates.length === 0) return <p className="text-sm text-slate-500">Everyone here is an owner already.</p>;
  return (
    <ActionForm action={transferTeamOwnership} initialState={initialState} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="orgId" value={orgId} />
      <label htmlFor="new-owner" className="text-sm">
        New owner
      </label>
      <select id="new-owner" name="userId" className="input w-auto">
        {candidates.map((m) => (
          <option key={m.userId} value={m.userId}>
            {m.name} ({m.email}, {m.role})
          </option>
        ))}
      </select>
      <label className="flex items-center gap-1 text-sm">
        <input type="checkbox" name="stepDown" /> and I step down to admin
      </label>
      <button type="submit" className="btn">
        Make owner
      </button>
    </ActionForm>
  );
}
