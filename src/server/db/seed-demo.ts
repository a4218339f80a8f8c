import 'server-only';
import { hashPassword } from 'better-auth/crypto';
import { count, sql } from 'drizzle-orm';
import type { Role } from '@/lib/roles';
import type { Db, Executor } from './open';
import { account, member, organization, orgSettings, user } from './schema';

export const DEMO_PASSWORD = 'demo-password';

/** Two small studios; each bills its local sales tax on every third invoice. */
export const DEMO_ORGS = [
  {
    id: 'org_acme',
    name: 'Acme',
    slug: 'acme',
    firstNumber: 1001,
    address: '1 Roadrunner Way, Suite 200\nPhoenix, AZ 85004\nUnited States',
    timeZone: 'America/Phoenix',
    taxRateBp: 860,
  },
  {
    id: 'org_globex',
    name: 'Globex',
    slug: 'globex',
    firstNumber: 5003,
    address: '500 Cypress Creek Rd\nCypress Creek, WA 98001\nUnited States',
    timeZone: 'America/Los_Angeles',
    taxRateBp: 1025,
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
    await tx.insert(orgSettings).values(DEMO_ORGS.map(({ id, address, timeZone }) => ({ orgId: id, address, timeZone })));
    for (const person of DEMO_USERS) await createUser(tx, person, passwordHash);
    for (const org of DEMO_ORGS) {
      const { id: orgId, firstNumber, taxRateBp } = org;
      await generateInvoices(tx, { orgId, firstNumber, taxRateBp, count: DEMO_INVOICES_PER_ORG });
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

/** The demo businesses' customers: the same fifteen in every org, each with its accounts-payable contact. */
const CUSTOMERS = [
  {
    name: 'Blue Harbor Logistics',
    email: 'ap@blueharbor.example',
    address: '2201 Dockside Ave, Suite 400\nLong Beach, CA 90802',
    taxId: 'EIN 95-4418823',
  },
  { name: 'Northwind Traders', email: 'invoices@northwind.example', address: '88 Commerce St\nSeattle, WA 98104', taxId: null },
  {
    name: 'Kestrel Analytics',
    email: 'finance@kestrel.example',
    address: '410 Innovation Dr, Floor 3\nAustin, TX 78701',
    taxId: null,
  },
  {
    name: 'Maple & Stone',
    email: 'accounts@maplestone.example',
    address: '17 Orchard Lane\nBurlington, VT 05401',
    taxId: 'EIN 03-2298170',
  },
  { name: 'Orbit Coffee Co.', email: 'hello@orbitcoffee.example', address: '925 E Pike St\nSeattle, WA 98122', taxId: null },
  {
    name: 'Pinecrest Dental',
    email: 'office@pinecrestdental.example',
    address: '3300 N Central Ave, Suite 120\nPhoenix, AZ 85012',
    taxId: null,
  },
  {
    name: 'Quantum Bakery',
    email: 'orders@quantumbakery.example',
    address: '61 Market Square\nPortland, OR 97204',
    taxId: 'EIN 93-1127745',
  },
  {
    name: 'Riverside Clinic',
    email: 'billing@riversideclinic.example',
    address: '1200 Riverside Blvd\nSacramento, CA 95818',
    taxId: null,
  },
  {
    name: 'Summit Outfitters',
    email: 'ap@summitoutfitters.example',
    address: '455 Mountain View Rd\nBoulder, CO 80302',
    taxId: null,
  },
  {
    name: 'Tidewater Press',
    email: 'accounts@tidewaterpress.example',
    address: '72 Harbor St\nAnnapolis, MD 21401',
    taxId: 'EIN 52-3390158',
  },
  {
    name: 'Umbra Studios',
    email: 'studio@umbra.example',
    address: '5600 Sunset Blvd, Unit 9\nLos Angeles, CA 90028',
    taxId: null,
  },
  {
    name: 'Vantage Legal',
    email: 'payables@vantagelegal.example',
    address: '1 Liberty Plaza, 21st Floor\nNew York, NY 10006',
    taxId: null,
  },
  {
    name: 'Willow Architects',
    email: 'admin@willowarch.example',
    address: '38 Greenway Ct\nMadison, WI 53703',
    taxId: 'EIN 39-2071146',
  },
  { name: 'Yellowfin Marine', email: 'ops@yellowfinmarine.example', address: '14 Pier Rd\nSan Diego, CA 92101', taxId: null },
  {
    name: 'Zephyr Robotics',
    email: 'ap@zephyrrobotics.example',
    address: '2750 Research Pkwy\nPittsburgh, PA 15213',
    taxId: null,
  },
];

/** What a small studio bills: a line's quantity is `minQuantity` plus up to `spread - 1` more. */
const SERVICES = [
  { description: 'Discovery workshop (half day)', unitPriceCents: 120_000, minQuantity: 1, spread: 1 },
  { description: 'UX design (hours)', unitPriceCents: 9_500, minQuantity: 4, spread: 20 },
  { description: 'Front-end development (hours)', unitPriceCents: 11_000, minQuantity: 6, spread: 30 },
  { description: 'Back-end development (hours)', unitPriceCents: 12_000, minQuantity: 4, spread: 24 },
  { description: 'Project management (hours)', unitPriceCents: 8_500, minQuantity: 2, spread: 10 },
  { description: 'Managed hosting (monthly)', unitPriceCents: 24_900, minQuantity: 1, spread: 1 },
  { description: 'Support retainer (monthly)', unitPriceCents: 90_000, minQuantity: 1, spread: 1 },
  { description: 'Security review', unitPriceCents: 350_000, minQuantity: 1, spread: 1 },
  { description: 'Content migration (pages)', unitPriceCents: 3_500, minQuantity: 10, spread: 40 },
  { description: 'On-site training (per attendee)', unitPriceCents: 25_000, minQuantity: 3, spread: 9 },
];

/** The new-invoice form's terms, with their days: the seed's due dates follow them. */
const TERMS = [
  { terms: 'net30', days: 30 },
  { terms: 'net14', days: 14 },
  { terms: 'net30', days: 30 },
  { terms: 'net7', days: 7 },
];

/** A Postgres array literal of the given values, for the set-based inserts below (seed data only, quotes escaped). */
const sqlArray = (values: readonly (string | number | null)[]) =>
  sql.raw(
    `ARRAY[${values.map((v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replaceAll("'", "''")}'`)).join(',')}]`,
  );

/**
 * Inserts `count` invoices numbered from `firstNumber` and their line items with set-based SQL, so
 * 100,000 rows take seconds, not minutes. Deterministic: the same arguments give the same rows.
 * Every 9th invoice is archived and every 23rd soft-deleted; totals are the SQL sum of the lines; every
 * third invoice carries `taxRateBp` on its lines, the others are tax-free.
 */
export async function generateInvoices(
  tx: Executor,
  {
    orgId,
    firstNumber,
    count: total,
    taxRateBp = 2000,
  }: { orgId: string; firstNumber: number; count: number; taxRateBp?: number },
) {
  const customer = {
    names: sqlArray(CUSTOMERS.map((c) => c.name)),
    emails: sqlArray(CUSTOMERS.map((c) => c.email)),
    addresses: sqlArray(CUSTOMERS.map((c) => c.address)),
    taxIds: sqlArray(CUSTOMERS.map((c) => c.taxId)),
  };
  const service = {
    descriptions: sqlArray(SERVICES.map((s) => s.description)),
    prices: sqlArray(SERVICES.map((s) => s.unitPriceCents)),
    minQuantities: sqlArray(SERVICES.map((s) => s.minQuantity)),
    spreads: sqlArray(SERVICES.map((s) => s.spread)),
  };
  const terms = { names: sqlArray(TERMS.map((t) => t.terms)), days: sqlArray(TERMS.map((t) => t.days)) };
  await tx.execute(sql`INSERT INTO org_settings (org_id) VALUES (${orgId}) ON CONFLICT DO NOTHING`);
  await tx.execute(sql`
    INSERT INTO customers (id, org_id, name, email, billing_address, tax_id)
    SELECT md5(${orgId} || '/customer/' || c)::uuid, ${orgId}, (${customer.names})[c + 1], (${customer.emails})[c + 1],
      (${customer.addresses})[c + 1], (${customer.taxIds})[c + 1]
    FROM generate_series(0, ${CUSTOMERS.length - 1}) AS c
    ON CONFLICT DO NOTHING
  `);
  // Issue dates run back from today, five days apart over the last year, so there is always something
  // due soon and something overdue. Sent, paid and void invoices keep the plain number they were issued
  // under before yearly numbering.
  await tx.execute(sql`
    INSERT INTO invoices (id, org_id, number, customer_id, customer_name, customer_email, terms, issued_on, due_on, status,
      invoice_number, sent_at, notes, archived_at, deleted_at)
    SELECT md5(${orgId} || '/' || (${firstNumber} + i))::uuid, ${orgId}, ${firstNumber} + i,
      md5(${orgId} || '/customer/' || ((i * 7) % ${CUSTOMERS.length}))::uuid,
      (${customer.names})[1 + (i * 7) % ${CUSTOMERS.length}],
      (${customer.emails})[1 + (i * 7) % ${CUSTOMERS.length}],
      (${terms.names})[term.k],
      issued.d,
      issued.d + (${terms.days})[term.k],
      status.s,
      CASE WHEN status.s <> 'draft' THEN 'INV-' || (${firstNumber} + i) END,
      CASE WHEN status.s <> 'draft' THEN (issued.d + TIME '09:00')::timestamptz + (i % 480) * INTERVAL '1 minute' END,
      CASE WHEN i % 5 = 0 THEN 'PO ' || (4400 + i) || '. Thank you for your business.' ELSE '' END,
      CASE WHEN i % 9 = 4 THEN TIMESTAMPTZ '2026-06-01' + i * INTERVAL '1 hour' END,
      CASE WHEN i % 23 = 11 THEN TIMESTAMPTZ '2026-07-01' + i * INTERVAL '1 hour' END
    FROM generate_series(0, ${total - 1}) AS i,
      LATERAL (SELECT CURRENT_DATE - ((${total} - i) * 5) % 365 AS d) AS issued,
      -- Terms cycle apart from statuses (both would follow i % 4), so sent invoices are not all overdue.
      LATERAL (SELECT 1 + (i / 4 + 1) % ${TERMS.length} AS k) AS term,
      LATERAL (SELECT (ARRAY['draft','sent','paid','void'])[1 + (i * 5) % 4] AS s) AS status
  `);
  await tx.execute(sql`
    INSERT INTO invoice_line_items (id, org_id, invoice_id, position, description, quantity, unit_price_cents, tax_rate_bp)
    SELECT md5(inv.id::text || '/line/' || p)::uuid, inv.org_id, inv.id, p,
      (${service.descriptions})[item.k],
      (${service.minQuantities})[item.k] + (inv.number * 13 + p) % (${service.spreads})[item.k],
      (${service.prices})[item.k],
      CASE WHEN inv.number % 3 = 0 THEN ${taxRateBp} ELSE 0 END
    FROM invoices inv, generate_series(1, 1 + inv.number % 4) AS p,
      LATERAL (SELECT 1 + (inv.number + p * 3) % ${SERVICES.length} AS k) AS item
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

/**
 * Short conversations between the org's members, by invoice status: the n-th comment on an invoice is
 * the n-th line of its status's thread.
 */
const COMMENT_THREADS = {
  draft: [
    'Drafted from the signed statement of work. Can someone check the hours before it goes out?',
    'Hours match the timesheet export. Good to send.',
    'Holding it until their PO number comes through.',
    'PO arrived, it is in the notes now.',
  ],
  sent: [
    'Sent to their AP inbox and copied the project lead.',
    'They confirmed receipt; their payment run is on the 15th.',
    'They asked for a copy with their PO number on it; resent.',
    'I will call them if nothing arrives by the due date.',
  ],
  paid: [
    'Sent with the project wrap-up report.',
    'Paid in full by ACH, reconciled against the bank feed.',
    'Nice. I will thank them at the next check-in.',
    'Closed out in the books.',
  ],
  void: [
    'They asked for the invoice to go to their parent company instead.',
    'Voided. The corrected invoice is already out.',
    'Noted on the customer record so it does not happen again.',
    'Thanks, all clear.',
  ],
} as const;
const THREAD_LENGTH = 4;

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

/** Conversations on the org's 24 newest invoices, the org's members taking turns, a day or so apart after the issue date. */
async function generateComments(tx: Executor, orgId: string) {
  const lines = sqlArray(Object.values(COMMENT_THREADS).flat());
  const statuses = sqlArray(Object.keys(COMMENT_THREADS));
  await tx.execute(sql`
    INSERT INTO invoice_comments (id, org_id, invoice_id, author_id, body, created_at)
    SELECT md5(inv.id::text || '/comment/' || c)::uuid, inv.org_id, inv.id, authors.user_id,
      (${lines})[(array_position(${statuses}, inv.status) - 1) * ${THREAD_LENGTH} + c],
      (inv.issued_on + TIME '09:00')::timestamptz + c * INTERVAL '1 day' + (inv.number % 7) * INTERVAL '53 minutes'
    FROM (SELECT * FROM invoices WHERE org_id = ${orgId} ORDER BY number DESC LIMIT 24) AS inv,
      generate_series(1, 1 + inv.number % ${THREAD_LENGTH}) AS c,
      LATERAL (
        SELECT user_id FROM member WHERE organization_id = inv.org_id ORDER BY user_id
        OFFSET (inv.number + c) % (SELECT COUNT(*) FROM member WHERE organization_id = inv.org_id) LIMIT 1
      ) AS authors
  `);
}
