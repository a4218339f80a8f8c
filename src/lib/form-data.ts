/** No Tally form has more rows than this; a larger index is ignored rather than allocated. */
export const MAX_FORM_INDEX = 200;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const isIndex = (key: string) => /^\d{1,3}$/.test(key) && Number(key) <= MAX_FORM_INDEX;
const isName = (key: string) => /^[A-Za-z][\w-]*$/.test(key) && !FORBIDDEN_KEYS.has(key);

/**
 * Turns FormData into a plain object for Zod, reading `lines.0.description` style names as nested
 * arrays/objects. Anything else is dropped: framework fields (`$ACTION_…`), files, prototype keys
 * (`__proto__.x` must never reach Object.prototype) and huge indexes (`lines.4294967294.x`).
 */
export function formDataToObject(formData: FormData): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of formData.entries()) {
    const path = name.split('.');
    if (typeof value !== 'string' || !isName(path[0] ?? '') || !path.every((key) => isName(key) || isIndex(key))) continue;
    let node: Record<string, unknown> = root;
    path.forEach((key, index) => {
      if (index === path.length - 1) {
        node[key] = value;
        return;
      }
      if (!Object.hasOwn(node, key)) node[key] = isIndex(path[index + 1] ?? '') ? [] : {};
      node = node[key] as Record<string, unknown>;
    });
  }
  return root;
}
