import { z } from 'zod';

/**
 * The building blocks every schema uses for what a client sends: ids, text and decimals. Each one
 * rejects with a field error what would otherwise fail deeper down (a 500 from Postgres, a cache key
 * no invalidation reaches), so no other module has to turn a raw string into a key, tag or query.
 */

/**
 * Every id Tally stores is lower case (uuids from Postgres and `randomUUID`, seeded `org_acme`), so the
 * lower-case form is the one canonical id: a case variant reaches the same row, cache key and tag.
 */
export const canonicalId = (raw: string): string => raw.toLowerCase();

/** Invoice and comment ids. guid, not uuid: seeded ids are md5-derived and carry no RFC 9562 version bits. */
export const uuidId = (message: string) => z.guid({ error: message }).overwrite(canonicalId);

/** A freshly generated id from the client (a comment's retry key): a v4 UUID, in canonical form. */
export const newUuidId = (message: string) => z.uuid({ error: message }).overwrite(canonicalId);

/** Organization, member and invitation ids: short word characters, in canonical form. */
export const textId = (message: string) =>
  z
    .string({ error: message })
    .min(1, message)
    .max(100, message)
    .regex(/^[\w-]+$/, message)
    .overwrite(canonicalId);

// Postgres rejects NUL in text (error 22021) and a lone surrogate has no UTF-8 encoding.
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const isStorableText = (value: string): boolean => !NUL.test(value) && !LONE_SURROGATE.test(value);

/** A text field: a string Postgres can store. Chain `.trim().min().max()` as usual. */
export const text = (message = 'Enter text.') =>
  z.string({ error: message }).refine(isStorableText, 'Remove the invisible control characters from this text.');

/**
 * Strict decimals: ASCII digits with an optional fraction, nothing else. Surrounding spaces are trimmed
 * like every text field; a sign, exponent, hex, a bare `1.` or `.5`, and inner spaces are refused.
 * Thousands separators are accepted only where they belong (`1,234.56`, never `1,2,3`).
 */
const DECIMAL = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

export interface Decimal {
  whole: string;
  fraction: string;
}

export function parseDecimal(raw: string): Decimal | null {
  const match = DECIMAL.exec(raw.trim());
  if (!match) return null;
  return { whole: (match[1] ?? '').replaceAll(',', ''), fraction: match[2] ?? '' };
}

/** A whole number typed into a form field (`label` names it in the messages), between `min` and `max`. */
export const wholeNumber = (label: string, { min, max }: { min: number; max: number }) =>
  z.union([z.string(), z.number()], { error: `${label} must be a whole number.` }).transform((value, ctx) => {
    const decimal = parseDecimal(String(value));
    if (!decimal || decimal.fraction !== '' || decimal.whole.length > 15) {
      ctx.addIssue({ code: 'custom', message: `${label} must be a whole number.` });
      return z.NEVER;
    }
    const number = Number(decimal.whole);
    if (number < min) ctx.addIssue({ code: 'custom', message: `${label} must be at least ${min.toLocaleString('en-US')}.` });
    if (number > max) ctx.addIssue({ code: 'custom', message: `${label} must be at most ${max.toLocaleString('en-US')}.` });
    return number;
  });
