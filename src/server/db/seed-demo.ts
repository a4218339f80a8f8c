import 'server-only';
import { hashPassword } from 'better-auth/crypto';
import { count, sql } from 'drizzle-orm';
import type { Role } from '@/lib/roles';
import type { Db, Executor } from './open';
import { account, member, organization, orgSettings, user } from './schema';

export const DEMO_PASSWORD = 'demo-password';

export const DEMO_ORGS = [
  { id: 'org_acme', name: 'Acme', slug: 'acme', firstNumber: 1001, address: '1 Roadrunner Way\nPhoenix, AZ 85001' },
  {
    id: 'org_globex',
    name: 'Globex',
    slug: 'globex',
    firstNumber: 5003,
    address: '500 Cypress Creek Rd\nCypress Creek, OR 97000',
  },
] as const;

type Membership = { orgId: string; role: Role };
export const DEMO_USERS: { id: string; name: string; email: string; memberships: Membership[] }[] = [
  { id: 'usr_owner_acme', name: 'Olivia Owner', email: 'owner@acme.test', memberships: [{ orgId: 'org_acme', role: 'owner' }] },
  { id: 'usr_admin_acme', name: 'Adam Admin', email: 'admin@acme.test', memberships: [{ orgId: 'org_acme', role: 'admin' }] },
  { id: 'usr_member_acme', name: 'Mia Member', email: 'member@acme.test', memberships: [{ orgId: 'org_acme', role: 'member' }] },
  {
    id: 'usr_owner_globex',
    name: 'Gus Owner',
    email: 'owner@globex.test',
    memberships: [{ orgId: 'org_globex', role: 'owner' }],
  },
  {
    id: 'usr_admin_globex',
    name: 'Grace Admin',
    email: 'admin@globex.test',
    memberships: [{ orgId: 'org_globex', role: 'admin' }],
  },
  {
    id: 'usr_member_globex',
    name: 'Gil Member',
    email: 'member@globex.test',
    memberships: [{ orgId: 'org_globex', role: 'member' }],
  },
  {
    id: 'usr_pat',
    name: 'Pat Both',
    email: 'pat@acme.test',
    memberships: [
      { orgId: 'org_acme', role: 'admin' },
      { orgId: 'org_globex', role: 'member' },
    ],
  },
];

export const DEMO_INVOICES_PER_ORG = 72;

/** Seeds the demo dataset once: a database that already has an organization is left alone. */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(organization);
  if ((row?.n ?? 0) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    await tx.insert(organization).values(DEMO_ORGS.map(({ id, name, slug }) => ({ id, name, slug })));
    await tx.insert(orgSettings).values(DEMO_ORGS.map(({ id, address }) => ({ orgId: id, address })));
    for (const person of DEMO_USERS) await createUser(tx, person, passwordHash);
    for (const org of DEMO_ORGS) {
      await generateInvoices(tx, { orgId: org.id, firstNumber: org.firstNumber, count: DEMO_INVOICES_PER_ORG });
      await generateComments(tx, org.id);
    }
    await generateBusyThread(tx, BUSY_THREAD);
  });
  return true;
}

export async function createUser(
  tx: Executor,
  person: { id: string; name: string; email: string; memberships: Membership[] },
  passwordHash: string,
) {
  await tx.insert(user).values({ id: person.id, name: person.name, email: person.email, emailVerified: true });
  await tx.insert(account).values({
    id: `acc_${person.id}`,
    accountId: person.id,
    providerId: 'credential',
    userId: person.id,
    password: passwordHash,
  });
  await tx
    .insert(member)
    .values(
      person.memberships.map((m) => ({ id: `mem_${m.orgId}_${person.id}`, organizationId: m.orgId, userId: person.id, ...m })),
    );
}

const CUSTOMERS = [
  'Blue Harbor Logistics',
  'Northwind Traders',
  'Kestrel Analytics',
  'Maple & Stone',
  'Orbit Coffee Co.',
  'Pinecrest Dental',
  'Quantum Bakery',
  'Riverside Clinic',
  'Summit Outfitters',
  'Tidewater Press',
  'Umbra Studios',
  'Vantage Legal',
  'Willow Architects',
  'Yellowfin Marine',
  'Zephyr Robotics',
];
const SERVICES = ['Consulting hours', 'Design sprint', 'Hosting (monthly)', 'Support retainer', 'Training session', 'Audit'];
const TERMS = ['Net 15', 'Net 30', 'Net 45', 'Due on receipt'];

/**
 * Inserts `count` invoices numbered from `firstNumber` and their line items with set-based SQL, so
 * 100,000 rows take seconds, not minutes. Deterministic: the same arguments give the same rows.
 * Every 9th invoice is archived and every 23rd soft-deleted; totals are the SQL sum of the lines.
 */
export async function generateInvoices(
  tx: Executor,
  { orgId, firstNumber, count: total }: { orgId: string; firstNumber: number; count: number },
) {
  const customerNames = sql.raw(`ARRAY[${CUSTOMERS.map((c) => `'${c.replaceAll("'", "''")}'`).join(',')}]`);
  const services = sql.raw(`ARRAY[${SERVICES.map((s) => `'${s}'`).join(',')}]`);
  const terms = sql.raw(`ARRAY[${TERMS.map((t) => `'${t}'`).join(',')}]`);
  await tx.execute(sql`INSERT INTO org_settings (org_id) VALUES (${orgId}) ON CONFLICT DO NOTHING`);
  await tx.execute(sql`
    INSERT INTO customers (id, org_id, name, email, billing_address, tax_id)
    SELECT md5(${orgId} || '/customer/' || c)::uuid, ${orgId}, (${customerNames})[c + 1],
      'billing+' || c || '@customer.test',
      (100 + c * 17) || ' Market Street' || chr(10) || 'Springfield, ST ' || (10000 + c * 311),
      CASE WHEN c % 3 = 0 THEN 'VAT-' || (48000 + c * 7) END
    FROM generate_series(0, ${CUSTOMERS.length - 1}) AS c
    ON CONFLICT DO NOTHING
  `);
  // Dates run back from today, so there is always something due soon and something overdue.
  // Sent, paid and void invoices keep the plain number they were issued under before yearly numbering.
  await tx.execute(sql`
    INSERT INTO invoices (id, org_id, number, customer_id, customer_name, customer_email, terms, issued_on, due_on, status,
      invoice_number, sent_at, notes, archived_at, deleted_at)
    SELECT md5(${orgId} || '/' || (${firstNumber} + i))::uuid, ${orgId}, ${firstNumber} + i,
      md5(${orgId} || '/customer/' || ((i * 7) % ${CUSTOMERS.length}))::uuid,
      (${customerNames})[1 + (i * 7) % ${CUSTOMERS.length}],
      'billing+' || ((i * 7) % ${CUSTOMERS.length}) || '@customer.test',
      (${terms})[1 + i % ${TERMS.length}],
      CURRENT_DATE - ((${total} - i) * 3) % 330,
      CURRENT_DATE - ((${total} - i) * 3) % 330 + 30,
      status.s,
      CASE WHEN status.s <> 'draft' THEN 'INV-' || (${firstNumber} + i) END,
      CASE WHEN status.s <> 'draft' THEN TIMESTAMPTZ '2026-01-01' + i * INTERVAL '1 hour' END,
      CASE WHEN i % 5 = 0 THEN 'PO ' || (4400 + i) || ', thank you for your business.' ELSE '' END,
      CASE WHEN i % 9 = 4 THEN TIMESTAMPTZ '2026-06-01' + i * INTERVAL '1 hour' END,
      CASE WHEN i % 23 = 11 THEN TIMESTAMPTZ '2026-07-01' + i * INTERVAL '1 hour' END
    FROM generate_series(0, ${total - 1}) AS i,
      LATERAL (SELECT (ARRAY['draft','sent','paid','void'])[1 + (i * 5) % 4] AS s) AS status
  `);
  await tx.execute(sql`
    INSERT INTO invoice_line_items (id, org_id, invoice_id, position, description, quantity, unit_price_cents, tax_rate_bp)
    SELECT md5(inv.id::text || '/line/' || p)::uuid, inv.org_id, inv.id, p,
      (${services})[1 + (inv.number + p) % ${SERVICES.length}],
      1 + (inv.number * 13 + p) % 5,
      2500 + ((inv.number * 7919 + p * 104729) % 400) * 125,
      CASE WHEN inv.number % 3 = 0 THEN 2000 ELSE 0 END
    FROM invoices inv, generate_series(1, 1 + inv.number % 4) AS p
    WHERE inv.org_id = ${orgId} AND inv.number >= ${firstNumber} AND inv.number < ${firstNumber + total}
  `);
  await tx.execute(sql`
    UPDATE invoices SET subtotal_cents = sums.subtotal, tax_cents = sums.tax, total_cents = sums.subtotal + sums.tax
    FROM (SELECT invoice_id, SUM(amount_cents) AS subtotal, SUM(tax_cents) AS tax FROM invoice_line_items WHERE org_id = ${orgId} GROUP BY invoice_id) AS sums
    WHERE invoices.id = sums.invoice_id AND invoices.org_id = ${orgId}
  `);
  // Paid invoices were paid in full some days after issue; every third sent one has a partial payment.
  await tx.execute(sql`
    INSERT INTO invoice_payments (org_id, invoice_id, amount_cents, currency, paid_on)
    SELECT org_id, id, CASE WHEN status = 'paid' THEN total_cents ELSE total_cents / 2 END, currency,
      LEAST(issued_on + 3 + number % 20, CURRENT_DATE)
    FROM invoices
    WHERE org_id = ${orgId} AND number >= ${firstNumber} AND total_cents > 1
      AND (status = 'paid' OR (status = 'sent' AND number % 3 = 0))
  `);
  await tx.execute(sql`
    UPDATE invoices SET paid_cents = paid.total
    FROM (SELECT invoice_id, SUM(amount_cents) AS total FROM invoice_payments WHERE org_id = ${orgId} GROUP BY invoice_id) AS paid
    WHERE invoices.id = paid.invoice_id AND invoices.org_id = ${orgId}
  `);
  await tx.execute(sql`
    UPDATE invoices SET void_reason = 'Issued to the wrong entity; replaced by a corrected invoice.'
    WHERE org_id = ${orgId} AND status = 'void' AND number >= ${firstNumber}
  `);
  await tx.execute(sql`
    INSERT INTO org_invoice_summaries (org_id, invoice_count, total_cents)
    SELECT ${orgId}, COUNT(*), COALESCE(SUM(total_cents), 0) FROM invoices
    WHERE org_id = ${orgId} AND archived_at IS NULL AND deleted_at IS NULL
    ON CONFLICT (org_id) DO UPDATE SET invoice_count = EXCLUDED.invoice_count, total_cents = EXCLUDED.total_cents, updated_at = now()
  `);
}

const COMMENT_LINES = [
  'Sent a reminder to the customer.',
  'Customer asked for a PO number on the next revision.',
  'Payment promised by end of week.',
  'Double-checked the hours against the timesheet.',
  'Looks good to me.',
];

/** One long thread (Acme, INV-1070) for paging through hundreds of comments. */
export const BUSY_THREAD = { orgId: 'org_acme', number: 1070, comments: 240 };

async function generateBusyThread(tx: Executor, { orgId, number, comments }: typeof BUSY_THREAD) {
  await tx.execute(sql`
    INSERT INTO invoice_comments (id, org_id, invoice_id, author_id, body, created_at)
    SELECT md5(inv.id::text || '/busy/' || n)::uuid, inv.org_id, inv.id,
      (ARRAY['usr_owner_acme','usr_admin_acme','usr_member_acme'])[1 + n % 3],
      'Thread message #' || n,
      date_trunc('day', now()) - INTERVAL '40 days' + n * INTERVAL '5 minutes'
    FROM invoices inv, generate_series(1, ${comments}) AS n
    WHERE inv.org_id = ${orgId} AND inv.number = ${number}
  `);
}

/** A few comments on the org's first invoices, written by the org's members in turn. */
async function generateComments(tx: Executor, orgId: string) {
  const lines = sql.raw(`ARRAY[${COMMENT_LINES.map((l) => `'${l}'`).join(',')}]`);
  await tx.execute(sql`
    INSERT INTO invoice_comments (id, org_id, invoice_id, author_id, body, created_at)
    SELECT md5(inv.id::text || '/comment/' || c)::uuid, inv.org_id, inv.id, authors.user_id,
      (${lines})[1 + (inv.number + c) % ${COMMENT_LINES.length}],
      date_trunc('day', now()) - (1 + inv.number % 30) * INTERVAL '1 day' + c * INTERVAL '37 minutes'
    FROM (SELECT * FROM invoices WHERE org_id = ${orgId} ORDER BY number DESC LIMIT 12) AS inv,
      generate_series(1, 1 + inv.number % 4) AS c,
      LATERAL (
        SELECT user_id FROM member WHERE organization_id = inv.org_id ORDER BY user_id
        OFFSET (inv.number + c) % (SELECT COUNT(*) FROM member WHERE organization_id = inv.org_id) LIMIT 1
      ) AS authors
  `);
}
