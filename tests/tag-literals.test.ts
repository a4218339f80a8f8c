import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const CALL = /\b(cacheTag|updateTag|revalidateTag)\(\s*([^)]*)/g;
const TAGS_MODULE = join('src', 'lib', 'cache', 'tags.ts');

/** Every cacheTag/updateTag/revalidateTag call whose first argument is a string literal or template. */
export function literalTagCalls(source: string): string[] {
  return [...source.matchAll(CALL)].filter(([, , args = '']) => /^['"`]/.test(args.trim())).map(([call]) => call.trim());
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mjs)$/.test(name) ? [path] : [];
  });
}

describe('tag strings come only from the tags module', () => {
  it('flags a literal or template tag (the scanner can fail)', () => {
    expect(literalTagCalls("cacheTag('org:1:invoices:list')")).toHaveLength(1);
    expect(literalTagCalls('updateTag(`org:${id}:list`)')).toHaveLength(1);
    expect(literalTagCalls('revalidateTag("x", \'max\')')).toHaveLength(1);
    expect(literalTagCalls("revalidateTag(invoiceTags.list(orgId), 'max')")).toHaveLength(0);
  });

  it('finds no literal tag anywhere in src/ outside the tags module', () => {
    const offenders = sourceFiles('src')
      .filter((file) => relative('.', file) !== TAGS_MODULE)
      .flatMap((file) => literalTagCalls(readFileSync(file, 'utf8')).map((call) => `${file}: ${call}`));
    expect(offenders).toEqual([]);
  });
});
