import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every link a reader can follow must lead somewhere: relative Markdown links and decision references. */
const ROOT = process.cwd();
const SKIP = new Set(['node_modules', '.next', '.data', '.e2e', '.git', 'drizzle']);

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full, pattern);
    return pattern.test(name) ? [full] : [];
  });
}

const rel = (file: string) => path.relative(ROOT, file);
const decisions = readdirSync(path.join(ROOT, 'docs', 'decisions'));

describe('documentation links', () => {
  it('every relative link in README.md and docs/ resolves to a file', () => {
    const markdown = [path.join(ROOT, 'README.md'), ...filesUnder(path.join(ROOT, 'docs'), /\.md$/)];
    const broken = markdown.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)]
        .map((match) => decodeURIComponent(match[1]!.split('#')[0]!))
        .filter((target) => target && !/^[a-z]+:/i.test(target))
        .filter((target) => !existsSync(path.resolve(path.dirname(file), target)))
        .map((target) => `${rel(file)} -> ${target}`),
    );
    expect(broken).toEqual([]);
  });

  it('every docs/decisions/NNN reference in code and docs names an existing decision', () => {
    const sources = [
      path.join(ROOT, 'README.md'),
      ...['src', 'tests', 'e2e', 'scripts', 'bench', 'packages', 'docs'].flatMap((dir) =>
        existsSync(path.join(ROOT, dir)) ? filesUnder(path.join(ROOT, dir), /\.(ts|tsx|mjs|js|md)$/) : [],
      ),
    ];
    const broken = sources.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/docs\/decisions\/(\d{3}[\w.-]*)/g)]
        .map((match) => match[1]!.replace(/\.$/, ''))
        .filter((ref) => !decisions.some((name) => name === ref || (ref.length === 3 && name.startsWith(`${ref}-`))))
        .map((ref) => `${rel(file)} -> docs/decisions/${ref}`),
    );
    expect(broken).toEqual([]);
  });

  it('nothing cites notes outside the repository', () => {
    const sources = filesUnder(ROOT, /\.(ts|tsx|mjs|md)$/).filter((file) => file !== __filename);
    const citing = sources.filter((file) => /\.\.\/shared|FACTS\.md/.test(readFileSync(file, 'utf8'))).map(rel);
    expect(citing).toEqual([]);
  });
});
