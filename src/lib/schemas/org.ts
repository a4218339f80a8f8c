import { z } from 'zod';
import { canonicalTimeZone, CURRENCY_CODES } from '@/lib/org-settings';
import { text, textId } from './primitives';

/** The organization settings form: every field is sent on every save. */
export const orgSettingsInput = z.object({
  /** The org the form was rendered for; a post after switching orgs is refused. */
  orgId: textId('Missing organization.'),
  name: text('Enter a name.').trim().min(2, 'Use at least 2 characters.').max(80, 'Keep it under 80 characters.'),
  currency: z.enum(CURRENCY_CODES, { error: 'Pick one of the listed currencies.' }),
  timeZone: text('Pick a time zone.')
    .trim()
    .transform((zone, ctx) => {
      const canonical = canonicalTimeZone(zone);
      if (!canonical) {
        ctx.addIssue({ code: 'custom', message: 'Pick a time zone from the list (an IANA name such as Europe/Paris).' });
        return z.NEVER;
      }
      return canonical;
    }),
  address: text('Enter the billing address.')
    .max(500, 'Keep the address under 500 characters.')
    .transform((address) => address.replaceAll('\r\n', '\n').trim()),
});
export type OrgSettingsInput = z.output<typeof orgSettingsInput>;
