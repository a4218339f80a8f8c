import type { Role } from '@/lib/roles';
import { assignableRoles, canManage, wouldLoseLastOwner } from '@/lib/team-rules';
import { changeTeamMemberRole, removeTeamMember } from '@/server/team/actions';
import type { RosterMember } from '@/lib/team';
import { ActionButton, ActionForm, HiddenFields } from '../action-form';
import type { TeamFormState } from '@/lib/team';

interface Props {
  orgId: string;
  members: RosterMember[];
  viewer: { userId: string; role: Role };
  /** Failed no-JavaScript posts, shown on the row they were about. */
  flashed: { changeRole: TeamFormState | null; remove: TeamFormState | null };
}

const about = (state: TeamFormState | null, userId: string) => (state?.values?.userId === userId ? state : null);

/** The controls shown follow the team rules; the server applies the same rules again under the team lock. */
export function RosterTable({ orgId, members, viewer, flashed }: Props) {
  const ownerCount = members.filter((m) => m.role === 'owner').length;
  return (
    <table className="w-full text-sm" data-testid="roster">
      <thead className="text-left text-slate-500">
        <tr>
          <th className="py-1">Name</th>
          <th>Email</th>
          <th>Role</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {members.map((m) => {
          const self = m.userId === viewer.userId;
          const manageable = self || canManage(viewer.role, m.role);
          const lastOwner = wouldLoseLastOwner(m.role, null, ownerCount);
          return (
            <tr key={m.userId} className="border-t border-slate-100 align-top" data-testid="roster-row" data-email={m.email}>
              <td className="py-2">{m.name}</td>
              <td>{m.email}</td>
              <td>
                <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs" data-testid="member-role">
                  {m.role}
                </span>
              </td>
              <td className="flex flex-wrap justify-end gap-2 py-1">
                {manageable && !lastOwner && (
                  <>
                    <ActionForm
                      action={changeTeamMemberRole}
                      initialState={about(flashed.changeRole, m.userId)}
                      className="flex gap-1"
                    >
                      <HiddenFields fields={{ orgId, userId: m.userId }} />
                      <label htmlFor={`role-${m.userId}`} className="sr-only">
                        Role of {m.email}
                      </label>
                      <select
                        id={`role-${m.userId}`}
                        name="role"
                        defaultValue={m.role}
                        className="input w-auto"
                        data-testid="role-select"
                      >
                        {assignableRoles(viewer.role).map((role) => (
                          <option key={role} value={role}>
                            {role}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className="btn">
                        Change role
                      </button>
                    </ActionForm>
                    <ActionButton
                      action={removeTeamMember}
                      initialState={about(flashed.remove, m.userId)}
                      fields={{ orgId, userId: m.userId }}
                      className="btn btn-danger"
                    >
                      {self ? 'Leave' : 'Remove'}
                    </ActionButton>
                  </>
                )}
                {lastOwner && <span className="text-xs text-slate-500">The last owner stays.</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
