import 'server-only';
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
// Relative, not '@/': drizzle-kit loads this file without the app's path aliases.
import { INVOICE_STATUSES } from '../../lib/schemas/invoice';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
// A row that belongs to an organization, a user or an invoice goes when its owner goes.
const orgColumn = (name: string) =>
  text(name)
    .notNull()
    .references(() => organization.id, { onDelete: 'cascade' });
const userColumn = (name: string) =>
  text(name)
    .notNull()
    .references(() => user.id, { onDelete: 'cascade' });
const invoiceColumn = (name: string) =>
  uuid(name)
    .notNull()
    .references(() => invoices.id, { onDelete: 'cascade' });

// ---- Better Auth tables (email + password, organization plugin) ----

export const user = pgTable('user', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const session = pgTable(
  'session',
  {
    id: text('id').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    token: text('token').notNull().unique(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    userId: userColumn('user_id'),
    activeOrganizationId: text('active_organization_id'),
  },
  (t) => [index('session_user_idx').on(t.userId)],
);

export const account = pgTable(
  'account',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: userColumn('user_id'),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
    refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { withTimezone: true }),
    scope: text('scope'),
    password: text('password'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('account_user_idx').on(t.userId)],
);

export const verification = pgTable(
  'verification',
  {
    id: text('id').primaryKey(),
    identifier: text('identifier').notNull(),
    value: text('value').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('verification_identifier_idx').on(t.identifier)],
);

export const organization = pgTable('organization', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  slug: text('slug').notNull().unique(),
  logo: text('logo'),
  createdAt: createdAt(),
  metadata: text('metadata'),
});

export const member = pgTable(
  'member',
  {
    id: text('id').primaryKey(),
    organizationId: orgColumn('organization_id'),
    userId: userColumn('user_id'),
    role: text('role').notNull().default('member'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('member_org_user_uq').on(t.organizationId, t.userId), index('member_user_idx').on(t.userId)],
);

export const invitation = pgTable(
  'invitation',
  {
    id: text('id').primaryKey(),
    organizationId: orgColumn('organization_id'),
    email: text('email').notNull(),
    role: text('role'),
    status: text('status').notNull().default('pending'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    inviterId: userColumn('inviter_id'),
  },
  (t) => [index('invitation_org_idx').on(t.organizationId), index('invitation_email_idx').on(t.email)],
);

// ---- Invoicing domain ----

/** Per-org invoicing settings: the currency new invoices use, and what the printed invoice shows. */
export const orgSettings = pgTable('org_settings', {
  orgId: text('org_id')
    .primaryKey()
    .references(() => organization.id, { onDelete: 'cascade' }),
  currency: text('currency').notNull().default('USD'),
  /** IANA zone: "today" (overdue, paid this month) is the org's local date. */
  timeZone: text('time_zone').notNull().default('UTC'),
  address: text('address').notNull().default(''),
  updatedAt: updatedAt(),
});

export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: orgColumn('org_id'),
    name: text('name').notNull(),
    email: text('email').notNull().default(''),
    billingAddress: text('billing_address').notNull().default(''),
    taxId: text('tax_id'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('customers_org_name_uq').on(t.orgId, sql`lower(${t.name})`)],
);

/** The last number issued per org and calendar year; locked FOR UPDATE by the send transaction. */
export const invoiceCounters = pgTable(
  'invoice_counters',
  {
    orgId: orgColumn('org_id'),
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.year] })],
);

export const invoices = pgTable(
  'invoices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: orgColumn('org_id'),
    number: integer('number').notNull(),
    customerName: text('customer_name').notNull(),
    customerEmail: text('customer_email').notNull(),
    terms: text('terms').notNull(),
    issuedOn: date('issued_on').notNull(),
    dueOn: date('due_on').notNull(),
    status: text('status', { enum: INVOICE_STATUSES }).notNull().default('draft'),
    currency: text('currency').notNull().default('USD'),
    totalCents: bigint('total_cents', { mode: 'number' }).notNull().default(0),
    version: integer('version').notNull().default(1),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** Set by the migration for legacy rows and always by the app; the name/email above are the bill-to snapshot. */
    customerId: uuid('customer_id').references(() => customers.id),
    /** The issued number (INV-2026-0001): null until the invoice is sent. */
    invoiceNumber: text('invoice_number'),
    subtotalCents: bigint('subtotal_cents', { mode: 'number' }).notNull().default(0),
    taxCents: bigint('tax_cents', { mode: 'number' }).notNull().default(0),
    paidCents: bigint('paid_cents', { mode: 'number' }).notNull().default(0),
    notes: text('notes').notNull().default(''),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    voidReason: text('void_reason'),
  },
  (t) => [
    // Keyset pagination for view=all, and the per-org number uniqueness.
    uniqueIndex('invoices_org_number_uq').on(t.orgId, t.number),
    // view=active pages and the summary aggregate (index-only scan over org_id, total_cents).
    index('invoices_active_page_idx')
      .on(t.orgId, t.number)
      .where(sql`archived_at IS NULL AND deleted_at IS NULL`),
    index('invoices_active_sum_idx')
      .on(t.orgId, t.totalCents)
      .where(sql`archived_at IS NULL AND deleted_at IS NULL`),
    index('invoices_archived_page_idx')
      .on(t.orgId, t.number)
      .where(sql`archived_at IS NOT NULL AND deleted_at IS NULL`),
    check('invoices_status_ck', sql`${t.status} IN ('draft', 'sent', 'paid', 'void')`),
    uniqueIndex('invoices_org_invoice_number_uq').on(t.orgId, t.invoiceNumber),
    check('invoices_paid_ck', sql`${t.paidCents} BETWEEN 0 AND ${t.totalCents}`),
    // Find: filters on the active view, each served by an index (tests/find-explain.test.ts).
    index('invoices_customer_idx').on(t.orgId, t.customerId, t.number),
    index('invoices_status_idx').on(t.orgId, t.status, t.number),
    index('invoices_issued_idx').on(t.orgId, t.issuedOn, t.number),
    index('invoices_due_idx').on(t.orgId, t.dueOn, t.number),
    index('invoices_total_idx').on(t.orgId, t.totalCents, t.number),
    // Text search over number, customer and notes: one trigram index on the expression find() matches.
    index('invoices_search_trgm_idx').using(
      'gin',
      sql`lower(coalesce(${t.invoiceNumber}, '') || ' ' || ${t.customerName} || ' ' || ${t.notes}) gin_trgm_ops`,
    ),
    index('invoices_outstanding_idx')
      .on(t.orgId, t.currency, t.dueOn)
      .where(sql`status = 'sent' AND archived_at IS NULL AND deleted_at IS NULL`),
    // MAX_INVOICE_TOTAL_CENTS: totals stay exact as JavaScript numbers.
    check('invoices_total_ck', sql`${t.totalCents} BETWEEN 0 AND 100000000000`),
  ],
);

export const invoiceLineItems = pgTable(
  'invoice_line_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: orgColumn('org_id'),
    invoiceId: invoiceColumn('invoice_id'),
    position: integer('position').notNull(),
    description: text('description').notNull(),
    quantity: integer('quantity').notNull(),
    unitPriceCents: bigint('unit_price_cents', { mode: 'number' }).notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' })
      .notNull()
      .generatedAlwaysAs(sql`quantity * unit_price_cents`),
    /** Basis points: 2000 = 20%. */
    taxRateBp: integer('tax_rate_bp').notNull().default(0),
    /** Rounded half away from zero, exact numeric arithmetic. */
    taxCents: bigint('tax_cents', { mode: 'number' })
      .notNull()
      .generatedAlwaysAs(sql`round(quantity * unit_price_cents * tax_rate_bp / 10000.0)::bigint`),
  },
  (t) => [
    check('invoice_line_items_tax_ck', sql`${t.taxRateBp} BETWEEN 0 AND 10000`),
    uniqueIndex('invoice_line_items_invoice_position_uq').on(t.invoiceId, t.position),
    check('invoice_line_items_quantity_ck', sql`${t.quantity} > 0`),
    check('invoice_line_items_price_ck', sql`${t.unitPriceCents} >= 0`),
  ],
);

/** A payment received against a sent invoice; the invoice's paid_cents is their SQL sum. */
export const invoicePayments = pgTable(
  'invoice_payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: orgColumn('org_id'),
    invoiceId: invoiceColumn('invoice_id'),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    /** Copied from the invoice so "paid per month per currency" reads this table alone. */
    currency: text('currency').notNull(),
    paidOn: date('paid_on').notNull(),
    recordedBy: text('recorded_by').references(() => user.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('invoice_payments_invoice_idx').on(t.invoiceId),
    index('invoice_payments_org_paid_on_idx').on(t.orgId, t.paidOn),
    check('invoice_payments_amount_ck', sql`${t.amountCents} > 0`),
  ],
);

export const invoiceComments = pgTable(
  'invoice_comments',
  {
    // Client-supplied UUID so a retried post is idempotent.
    id: uuid('id').primaryKey(),
    orgId: orgColumn('org_id'),
    invoiceId: invoiceColumn('invoice_id'),
    authorId: userColumn('author_id'),
    body: text('body').notNull(),
    // Millisecond precision, so a cursor carried as an ISO string compares exactly.
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('invoice_comments_thread_idx').on(t.invoiceId, t.createdAt.desc(), t.id.desc()),
    index('invoice_comments_org_recent_idx').on(t.orgId, t.createdAt.desc()),
  ],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: orgColumn('org_id'),
    actorId: text('actor_id').references(() => user.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    subjectId: text('subject_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_log_org_at_idx').on(t.orgId, t.at.desc()), index('audit_log_subject_idx').on(t.subjectId)],
);

export const orgInvoiceSummaries = pgTable('org_invoice_summaries', {
  orgId: text('org_id')
    .primaryKey()
    .references(() => organization.id, { onDelete: 'cascade' }),
  invoiceCount: integer('invoice_count').notNull().default(0),
  totalCents: bigint('total_cents', { mode: 'number' }).notNull().default(0),
  updatedAt: updatedAt(),
});

/** Durable, shared log of cache invalidations: every instance writes here, /inspector reads the tail. */
export const cacheInvalidations = pgTable(
  'cache_invalidations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: text('org_id').notNull(),
    tag: text('tag').notNull(),
    source: text('source', { enum: ['action', 'job'] }).notNull(),
    primitive: text('primitive', { enum: ['updateTag', 'revalidateTag'] }).notNull(),
    instance: text('instance').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('cache_invalidations_org_id_idx').on(t.orgId, t.id.desc())],
);

/** Per-org switches set from /inspector. Only the misuse demo reads them. */
export const orgFlags = pgTable('org_flags', {
  orgId: text('org_id')
    .primaryKey()
    .references(() => organization.id, { onDelete: 'cascade' }),
  misuseRevalidateList: boolean('misuse_revalidate_list').notNull().default(false),
});

/**
 * A failed form submission made without JavaScript, kept for one redirect: the page that shows the
 * form reads it once (by id, for the same user) and renders the errors and what was typed.
 */
export const formFlashes = pgTable(
  'form_flashes',
  {
    id: text('id').primaryKey(),
    userId: text('user_id'),
    form: text('form').notNull(),
    state: jsonb('state').$type<unknown>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('form_flashes_created_idx').on(t.createdAt)],
);

/**
 * Sign-in attempt counters (rate-limiter-flexible's Drizzle store), shared by every instance on this
 * database; keys are `account:<email>` and `address:<ip>`. See docs/decisions/013.
 */
export const signInThrottle = pgTable('sign_in_throttle', {
  key: text('key').primaryKey(),
  points: integer('points').notNull().default(0),
  expire: timestamp('expire', { withTimezone: true }),
});
