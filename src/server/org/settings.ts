import 'server-only';
import { eq } from 'drizzle-orm';
import type { Executor } from '@/server/db/open';
import { organization, orgSettings } from '@/server/db/schema';

export interface OrgSettings {
  name: string;
  currency: string;
  timeZone: string;
  address: string;
}

const DEFAULTS = { currency: 'USD', timeZone: 'UTC', address: '' };

/** The org's invoicing settings, with the defaults for an org that never saved any. */
export async function readOrgSettings(executor: Executor, orgId: string): Promise<OrgSettings> {
  const [row] = await executor
    .select({
      name: organization.name,
      currency: orgSettings.currency,
      timeZone: orgSettings.timeZone,
      address: orgSettings.address,
    })
    .from(organization)
    .leftJoin(orgSettings, eq(orgSettings.orgId, organization.id))
    .where(eq(organization.id, orgId));
  return {
    name: row?.name ?? '',
    currency: row?.currency ?? DEFAULTS.currency,
    timeZone: row?.timeZone ?? DEFAULTS.timeZone,
    address: row?.address ?? DEFAULTS.address,
  };
}
