import 'server-only';
import { eq } from 'drizzle-orm';
import { ok } from '@/lib/result';
import type { EventContext } from '@/server/cache/graph';
import { renameOrganizationInput } from '@/lib/schemas/team';
import { organization } from '@/server/db/schema';
import { defineMutation } from '@/server/mutation';
import { TEAM_PAGE } from './membership';
import { TEAM_MANAGER_ROLE } from './policy';
import { asTeamAdmin } from './team-lock';

/** Renames the organization; every member's list of organizations shows the name, so all of them are told. */
export const orgRename = defineMutation('org.rename', {
  access: TEAM_MANAGER_ROLE,
  input: renameOrganizationInput,
  redirectTo: () => TEAM_PAGE,
  run: (tx, input, actor) =>
    asTeamAdmin(tx, actor, input.orgId, async (team) => {
      await tx.update(organization).set({ name: input.name }).where(eq(organization.id, actor.orgId));
      const event: EventContext = { orgId: actor.orgId, memberIds: team.members.map((m) => m.userId) };
      return ok({
        data: event,
        event,
        audit: { subjectId: actor.orgId, details: { from: team.orgName, to: input.name } },
      });
    }),
});
