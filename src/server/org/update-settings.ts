import 'server-only';
import { eq } from 'drizzle-orm';
import { ok } from '@/lib/result';
import { orgSettingsInput, type OrgSettingsInput } from '@/lib/schemas/org';
import { organization, orgSettings } from '@/server/db/schema';
import { defineMutation } from '@/server/mutation';
import { lockAsTeamAdmin } from '@/server/team/team-lock';
import { readOrgSettings, type OrgSettings } from './settings';

export const ORG_SETTINGS_PAGE = '/settings/organization';

const FIELDS = ['name', 'currency', 'timeZone', 'address'] as const;

/** Each field the save changes, as `{ from, to }`: the audit row's details. */
function changes(before: OrgSettings, after: OrgSettingsInput) {
  return Object.fromEntries(
    FIELDS.filter((field) => before[field] !== after[field]).map((field) => [field, { from: before[field], to: after[field] }]),
  );
}

/**
 * Name, default currency, time zone and billing address, saved together. Runs under the team lock and
 * judges the role read there, so an admin demoted a moment ago is refused. Every member's list of
 * organizations shows the name, so the event reaches all of them. New invoices take the currency;
 * "today" (overdue, numbering year) follows the time zone; the print view shows the name and address.
 */
export const orgUpdateSettings = defineMutation('org.updateSettings', {
  access: 'admin',
  input: orgSettingsInput,
  redirectTo: () => ORG_SETTINGS_PAGE,
  run: (tx, input, actor) =>
    lockAsTeamAdmin(tx, actor, input.orgId, async (_team, locked) => {
      const changed = changes(await readOrgSettings(tx, actor.orgId), input);
      const event = { orgId: actor.orgId, memberIds: locked.members.map((member) => member.userId) };
      if (Object.keys(changed).length === 0) return ok({ data: { orgId: actor.orgId }, event });
      const { name, currency, timeZone, address } = input;
      await tx.update(organization).set({ name }).where(eq(organization.id, actor.orgId));
      await tx
        .insert(orgSettings)
        .values({ orgId: actor.orgId, currency, timeZone, address })
        .onConflictDoUpdate({ target: orgSettings.orgId, set: { currency, timeZone, address, updatedAt: new Date() } });
      return ok({ data: { orgId: actor.orgId }, event, audit: { subjectId: actor.orgId, details: changed } });
    }),
});
