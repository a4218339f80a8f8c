/**
 * Turns FormData into a plain object for Zod, reading `lines.0.description` style names as nested
 * arrays/objects. Files are ignored: no Tally form uploads any.
 */
export function formDataToObject(formData: FormData): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of formData.entries()) {
    if (typeof value !== 'string' || name.startsWith('$ACTION')) continue;
    const path = name.split('.');
    let node: Record<string, unknown> = root;
    path.forEach((key, index) => {
      if (index === path.length - 1) {
        node[key] = value;
        return;
      }
      const next = (node[key] ??= /^\d+$/.test(path[index + 1] ?? '') ? [] : {});
      node = next as Record<string, unknown>;
    });
  }
  return root;
}
