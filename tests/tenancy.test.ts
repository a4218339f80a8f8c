import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { invoiceArchive, invoiceRestore, invoiceSoftDelete, invoiceUpdate } from '@/server/invoices/lifecycle';
import { scopedInvoices } from '@/server/invoices/scoped';
import { readStoredSummary } from '@/server/invoices/summary';
import {
  ACME,
  activeInvoice,
  archivedInvoice,
  auditCount,
  editOf,
  GLOBEX,
  globexAdmin,
  rawInvoice,
  rawLines,
} from './support/fixtures';

// ---- (a) static scan: only src/server/invoices and src/server/db touch the invoice tables ----

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
const SCHEMA_MODULE = join(SRC, 'server', 'db', 'schema');
const ALLOWED_DIRS = [join(SRC, 'server', 'invoices') + sep, join(SRC, 'server', 'db') + sep];
const GUARDED_TABLES = ['invoices', 'invoiceLineItems', 'invoiceComments'];
/**
 * Narrow, per-file, per-table exceptions, reviewed by hand. src/server/comments/scoped.ts is the comments
 * choke point (scopedComments, org-bound like scopedInvoices): it owns invoice_comments and joins
 * invoices read-only, always with `invoices.org_id = orgId` (version(), recent()). Every other file, and
 * every other table in this one, is flagged. A stale entry fails the scan test too.
 */
const TABLE_EXCEPTIONS: { file: string; tables: string[] }[] = [
  { file: join(SRC, 'server', 'comments', 'scoped.ts'), tables: ['invoiceComments', 'invoice_comments', 'invoices'] },
];
const allowedHere = (file: string, table: string) =>
  TABLE_EXCEPTIONS.some((exception) => file === exception.file && exception.tables.includes(table));
const RAW_SQL = /\b(FROM|UPDATE|INTO|JOIN|TABLE|TRUNCATE)\s+(?:"?public"?\.)?"?(invoices|invoice_line_items|invoice_comments)\b/i;

/** Resolves an import specifier to an absolute path without extension, or null for packages. */
function resolveSpecifier(file: string, specifier: string): string | null {
  const path = specifier.startsWith('@/')
    ? join(SRC, specifier.slice(2))
    : specifier.startsWith('.')
      ? resolve(dirname(file), specifier)
      : null;
  return path?.replace(/\.(ts|tsx|js|mjs)$/, '').replace(/[/\\]index$/, '') ?? null;
}

/** Why `source` (the text of `file`, an absolute path under src/) breaks the tenancy rule; empty when it does not. */
function tenancyViolations(file: string, source: string): string[] {
  if (ALLOWED_DIRS.some((dir) => file.startsWith(dir))) return [];
  const reasons: string[] = [];
  // Static imports and re-exports: import { a, b as c } from '...'; import * as s from '...'; export { a } from '...'
  const statement = /\b(import|export)\s+(?:type\s+)?([^;]*?)\s+from\s+['"]([^'"]+)['"]/g;
  for (const match of source.matchAll(statement)) {
    const [, , clause = '', specifier = ''] = match;
    if (resolveSpecifier(file, specifier) !== SCHEMA_MODULE) continue;
    const namespace = /\*\s+as\s+(\w+)/.exec(clause)?.[1];
    if (namespace) {
      const used = GUARDED_TABLES.filter((t) =>
        new RegExp(`\\b${namespace}\\s*(\\.\\s*${t}\\b|\\[\\s*['"]${t}['"])`).test(source),
      );
      // A namespace import hands out every table, so it is flagged even before it is used.
      reasons.push(`imports the whole schema module as ${namespace}${used.length ? ` and uses ${used.join(', ')}` : ''}`);
      continue;
    }
    const names = (/\{([\s\S]*)\}/.exec(clause)?.[1] ?? '')
      .split(',')
      .map((part) =>
        part
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0]!
          .trim(),
      )
      .filter(Boolean);
    for (const name of names) {
      if (GUARDED_TABLES.includes(name) && !allowedHere(file, name)) reasons.push(`imports ${name} from ${specifier}`);
    }
  }
  // Dynamic imports of the schema module.
  for (const match of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    if (
      resolveSpecifier(file, match[1]!) === SCHEMA_MODULE &&
      GUARDED_TABLES.some((t) => new RegExp(`\\b${t}\\b`).test(source))
    ) {
      reasons.push(`dynamically imports ${match[1]}`);
    }
  }
  for (const raw of source.matchAll(new RegExp(RAW_SQL.source, 'gi'))) {
    if (!allowedHere(file, raw[2]!.toLowerCase())) reasons.push(`raw SQL "${raw[0]}"`);
  }
  return reasons;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

describe('tenancy: the invoice tables are reached only through scopedInvoices', () => {
  it('the scanner flags synthetic offenders and lets legitimate code through (self-check)', () => {
    const outside = join(SRC, 'app', 'api', 'rogue', 'route.ts');
    const offenders: [string, string][] = [
      [outside, "import { invoices } from '@/server/db/schema';"],
      [outside, "import {\n  member,\n  invoiceLineItems as lines,\n} from '@/server/db/schema';"],
      [join(SRC, 'server', 'cache', 'x.ts'), "import { invoiceComments } from '../db/schema';"],
      [
        join(SRC, 'server', 'db', 'x.ts').replace(`${sep}db${sep}`, `${sep}dbx${sep}`),
        "import { invoices } from '../db/schema';",
      ],
      [outside, "import * as schema from '@/server/db/schema';\nconst rows = db.select().from(schema.invoices);"],
      [outside, "export { invoices } from '@/server/db/schema';"],
      [outside, 'await tx.execute(sql`SELECT * FROM invoices WHERE org_id = ${orgId}`);'],
      [outside, 'await tx.execute(sql`update invoices set total_cents = 0`);'],
      [outside, 'sql`INSERT INTO "invoice_line_items" (id) VALUES (1)`'],
      [outside, 'sql`DELETE FROM invoice_comments`'],
      // The comments exception covers its own file and tables only.
      [join(SRC, 'server', 'comments', 'scoped.ts'), "import { invoiceComments, invoiceLineItems } from '@/server/db/schema';"],
      [join(SRC, 'server', 'comments', 'scoped.ts'), 'sql`SELECT * FROM invoice_line_items`'],
      [join(SRC, 'server', 'comments', 'actions.ts'), "import { invoiceComments } from '@/server/db/schema';"],
    ];
    for (const [file, source] of offenders) expect(tenancyViolations(file, source), source).not.toEqual([]);

    const fine: [string, string][] = [
      [outside, "import { orgInvoiceSummaries, member } from '@/server/db/schema';"],
      [outside, "import { invoiceTags } from '@/server/cache/tags';\nconst href = '/invoices';"],
      [outside, "import { invoices } from '@/some/other/module';"],
      [outside, "import 'server-only';\nimport { member } from '@/server/db/schema';\n// moves invoices between views"],
      [
        join(SRC, 'server', 'invoices', 'scoped.ts'),
        "import { invoices } from '@/server/db/schema';\nsql`SELECT * FROM invoices`",
      ],
      [join(SRC, 'server', 'db', 'seed-demo.ts'), 'sql`INSERT INTO invoices (id) VALUES (1)`'],
      [
        join(SRC, 'server', 'comments', 'scoped.ts'),
        "import { invoiceComments } from '@/server/db/schema';\nsql`SELECT 1 FROM invoice_comments`",
      ],
    ];
    for (const [file, source] of fine) expect(tenancyViolations(file, source), source).toEqual([]);
  });

  it('no file outside src/server/invoices and src/server/db references the invoice tables', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(20);
    // Sanity: the scan does see the one legitimate importer.
    expect(files).toContain(join(SRC, 'server', 'invoices', 'scoped.ts'));
    const offending = files
      .map((file) => ({ file: relative(ROOT, file), reasons: tenancyViolations(file, readFileSync(file, 'utf8')) }))
      .filter((entry) => entry.reasons.length > 0);
    // Every exception is still needed (otherwise drop it, so the guard tightens again).
    for (const exception of TABLE_EXCEPTIONS) {
      const text = existsSync(exception.file) ? readFileSync(exception.file, 'utf8') : '';
      expect(
        exception.tables.some((table) => new RegExp(`\\b${table}\\b`).test(text)),
        `stale exception ${relative(ROOT, exception.file)}`,
      ).toBe(true);
    }
    expect(
      offending,
      `Files reaching the invoice tables directly:\n${offending.map((o) => `  ${o.file}: ${o.reasons.join('; ')}`).join('\n')}`,
    ).toEqual([]);
  });
});

// ---- (b) runtime: another org's id finds nothing and changes nothing ----

describe('tenancy at runtime', () => {
  it('scopedInvoices(GLOBEX).byId(acme id) is null, while ACME finds it', async () => {
    const invoice = await activeInvoice(ACME, 0);
    expect(await scopedInvoices(GLOBEX, await db()).byId(invoice.id)).toBeNull();
    expect((await scopedInvoices(ACME, await db()).byId(invoice.id))?.id).toBe(invoice.id);
  });

  it('every lifecycle service with a Globex actor on an Acme id returns not_found and writes nothing', async () => {
    const active = await activeInvoice(ACME, 0);
    const archived = await archivedInvoice(ACME);
    const snapshot = async () => ({
      active: await rawInvoice(active.id),
      activeLines: await rawLines(active.id),
      archived: await rawInvoice(archived.id),
      audits: await auditCount(),
      acme: await readStoredSummary(await db(), ACME),
      globex: await readStoredSummary(await db(), GLOBEX),
    });
    const before = await snapshot();

    const attempts = {
      update: await invoiceUpdate.commit(
        globexAdmin,
        editOf(active, { customerName: 'Hijacked', lines: [{ description: 'x', quantity: 1, unitPrice: 1 }] }),
      ),
      archive: await invoiceArchive.commit(globexAdmin, { id: active.id, version: active.version }),
      restore: await invoiceRestore.commit(globexAdmin, { id: archived.id, version: archived.version }),
      softDelete: await invoiceSoftDelete.commit(globexAdmin, { id: active.id, version: active.version }),
    };

    for (const [name, result] of Object.entries(attempts)) {
      expect(result, name).toEqual({ ok: false, code: 'not_found', message: expect.any(String) });
    }
    expect(await snapshot()).toEqual(before);
  });
});
