import { err, type Result } from '@/lib/result';

/** No Tally form has more rows than this; a larger index is ignored rather than allocated. */
export const MAX_FORM_INDEX = 200;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const isIndex = (key: string) => /^\d{1,3}$/.test(key) && Number(key) <= MAX_FORM_INDEX;
const isName = (key: string) => /^[A-Za-z][\w-]*$/.test(key) && !FORBIDDEN_KEYS.has(key);
const isContainer = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Turns FormData into a plain object for Zod, reading `lines.0.description` style names as nested
 * arrays/objects. Anything else is dropped: framework fields (`$ACTION_…`), files, prototype keys
 * (`__proto__.x` must never reach Object.prototype) and huge indexes (`lines.4294967294.x`).
 * A Server Action can be called with any argument, so anything but FormData is refused, and so is
 * a name used both as a value and as a group (`body` and `body.x`).
 */
export function readForm(formData: unknown): Result<Record<string, unknown>> {
  if (!(formData instanceof FormData)) return err('bad_request', 'Send the form as form data.');
  const root: Record<string, unknown> = {};
  for (const [name, value] of formData.entries()) {
    const path = name.split('.');
    if (typeof value !== 'string' || !isName(path[0] ?? '') || !path.every((key) => isName(key) || isIndex(key))) continue;
    if (!place(root, path, value)) {
      return err('bad_request', 'Some fields were sent twice in different shapes.', {
        [path[0] ?? name]: [`"${name}" clashes with another field of the same name.`],
      });
    }
  }
  return { ok: true, data: root };
}

/** Writes `value` at `path`; false when the path runs into a value, or a value would replace a group. */
function place(root: Record<string, unknown>, path: string[], value: string): boolean {
  let node = root;
  for (const [index, key] of path.entries()) {
    const existing = Object.hasOwn(node, key) ? node[key] : undefined;
    if (index === path.length - 1) {
      if (isContainer(existing)) return false;
      node[key] = value;
      return true;
    }
    if (existing === undefined) node[key] = isIndex(path[index + 1] ?? '') ? [] : {};
    else if (!isContainer(existing)) return false;
    node = node[key] as Record<string, unknown>;
  }
  return true;
}
