import 'server-only';
import { eq } from 'drizzle-orm';
import { ok } from '@/lib/result';
import type { RenameOrganizationInput } from '@/lib/schemas/team';
import { writeAudit } from '@/server/audit';
import { organization } from '@/server/db/schema';
import type { TeamChange } from './membership';
import { asTeamAdmin, type Actor } from './team-lock';

/** Renames the organization; every member's list of organizations shows the name, so all of them are returned. */
export function renameOrganization(actor: Actor, input: RenameOrganizationInput): Promise<TeamChange> {
  return asTeamAdmin(actor, input.orgId, async (tx, team) => {
    await tx.update(organization).set({ name: input.name }).where(eq(organization.id, actor.orgId));
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'org.rename',
      subjectId: actor.orgId,
      details: { from: team.orgName, to: input.name },
    });
    return ok({ orgId: actor.orgId, memberIds: team.members.map((m) => m.userId) });
  });
}
