import { randomBytes, randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionCases, routeCases, type ActionCase, type ActionSpec, type RouteCase } from './support/hostile-cases';
import { actionIds, TallyClient, type HttpAnswer } from './support/http-client';
import { startServer, type RunningServer } from './support/server';

/**
 * The hostile-input suite (docs/decisions/011): hundreds of generated requests against `next start` on
 * a throwaway Postgres database. Each is refused with a 4xx or a form error and a message; afterwards
 * no table a write touches has changed, and the server logged no error.
 */
const { DATABASE_URL } = process.env;
const PORT = Number(process.env.E2E_PORT ?? 3210) + 7;
// Rows these tables gain are the suite's own sign-ins and the no-JavaScript form errors' flashes.
const CHANGED_BY_DESIGN = new Set(['session', 'verification', 'form_flashes']);

describe.skipIf(!DATABASE_URL)('hostile input against next start', () => {
  const state: { server?: RunningServer; admin?: postgres.Sql; database?: postgres.Sql; name?: string; log: string[] } = {
    log: [],
  };
  const clients = { admin: new TallyClient(''), member: new TallyClient(''), anonymous: new TallyClient('') };
  let invoiceId = '';
  const ids = actionIds();

  beforeAll(async () => {
    state.name = `tally_hostile_${randomBytes(4).toString('hex')}`;
    state.admin = postgres(DATABASE_URL ?? '', { max: 1, onnotice: () => {} });
    await state.admin.unsafe(`CREATE DATABASE ${state.name}`);
    const url = new URL(DATABASE_URL ?? '');
    url.pathname = `/${state.name}`;
    state.server = await startServer(PORT, {
      DATABASE_URL: url.toString(),
      TALLY_INTERNAL_SECRET: randomBytes(24).toString('hex'),
    });
    state.server.process.stdout?.on('data', (chunk: Buffer) => state.log.push(chunk.toString()));
    state.server.process.stderr?.on('data', (chunk: Buffer) => state.log.push(chunk.toString()));
    state.database = postgres(url.toString(), { max: 1, onnotice: () => {} });
    for (const client of Object.values(clients)) Object.assign(client, { baseURL: state.server.url });
    await clients.admin.signIn(ids.get('signIn') ?? '', 'admin@acme.test');
    await clients.member.signIn(ids.get('signIn') ?? '', 'member@acme.test');
    const list = JSON.parse((await clients.admin.get('/api/invoices')).body) as { items: { id: string }[] };
    invoiceId = list.items[0]?.id ?? '';
  }, 240_000);

  afterAll(async () => {
    await state.database?.end();
    await state.server?.stop();
    await state.admin?.unsafe(`DROP DATABASE IF EXISTS ${state.name} WITH (FORCE)`);
    await state.admin?.end();
  });

  /** Every table's rows, as one fingerprint per table. */
  async function fingerprint(): Promise<Record<string, string>> {
    const sql = state.database!;
    const tables = await sql<
      { name: string }[]
    >`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`;
    const prints: Record<string, string> = {};
    for (const { name } of tables) {
      if (CHANGED_BY_DESIGN.has(name)) continue;
      const [row] = await sql.unsafe(
        `SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') AS print FROM "${name}" t`,
      );
      prints[name] = String(row?.print);
    }
    return prints;
  }

  function actionSpecs(): ActionSpec[] {
    const invoicePage = `/invoices/${invoiceId}`;
    const doomedVersion: [string, string] = ['version', '999999'];
    const invoiceFields: [string, string][] = [
      ['id', invoiceId],
      doomedVersion,
      ['customerName', 'Hostile Buyer'],
      ['customerEmail', 'buyer@example.test'],
      ['dueOn', '2026-12-31'],
      ['status', 'sent'],
      ['lines.0.description', 'Work'],
      ['lines.0.quantity', '2'],
      ['lines.0.unitPrice', '10.00'],
      ['returnTo', '/invoices'],
    ];
    const lifecycle = (name: string): ActionSpec => ({
      name,
      page: invoicePage,
      valid: [['id', invoiceId], doomedVersion, ['returnTo', '/invoices']],
      kinds: { id: 'uuid', version: 'number', returnTo: 'returnTo' },
    });
    return [
      {
        name: 'signIn',
        page: '/sign-in',
        valid: [
          ['email', 'nobody@example.test'],
          ['password', 'wrong'],
        ],
        kinds: { email: 'email', password: 'password' },
      },
      {
        name: 'switchOrganization',
        page: '/invoices',
        valid: [['organizationId', 'org_nowhere']],
        kinds: { organizationId: 'textId' },
        rendersPageWithoutJavaScript: true,
      },
      {
        name: 'signInAsDemoUser',
        page: '/inspector',
        valid: [['email', 'nobody@example.test']],
        kinds: { email: 'email' },
        formDataOnly: true,
        refusesByRedirectTo: '/inspector',
      },
      {
        name: 'addCommentAction',
        page: invoicePage,
        valid: [
          ['invoiceId', 'ffffffff-ffff-4fff-8fff-ffffffffffff'],
          ['id', randomUUID()],
          ['body', 'hello'],
        ],
        kinds: { invoiceId: 'uuid', id: 'uuid', body: 'text' },
      },
      { name: 'setMisuseToggle', page: '/inspector', valid: [['on', 'on']], kinds: {} },
      { name: 'runSummaryTask', page: '/inspector', valid: [], kinds: {} },
      { name: 'flushOrgAction', page: '/inspector', valid: [], kinds: {} },
      {
        name: 'importInvoicesAction',
        page: '/inspector',
        valid: [['csv', 'Acme, not-an-email, 2026-12-31, 10.00']],
        kinds: { csv: 'csv' },
      },
      {
        name: 'updateInvoice',
        page: invoicePage,
        valid: invoiceFields,
        kinds: {
          id: 'uuid',
          version: 'number',
          customerName: 'text',
          customerEmail: 'email',
          dueOn: 'text',
          status: 'enum',
          'lines.0.description': 'text',
          'lines.0.quantity': 'number',
          'lines.0.unitPrice': 'number',
          returnTo: 'returnTo',
        },
      },
      lifecycle('archiveInvoice'),
      lifecycle('restoreInvoice'),
      lifecycle('softDeleteInvoice'),
      {
        name: 'addTeamMember',
        page: '/settings/team',
        valid: [
          ['orgId', 'org_acme'],
          ['email', 'nobody@example.test'],
          ['role', 'member'],
          ['mode', 'add'],
        ],
        kinds: { orgId: 'textId', email: 'email', role: 'enum', mode: 'enum' },
      },
      {
        name: 'changeTeamMemberRole',
        page: '/settings/team',
        valid: [
          ['orgId', 'org_acme'],
          ['userId', 'usr_nobody'],
          ['role', 'admin'],
        ],
        kinds: { orgId: 'textId', userId: 'textId', role: 'enum' },
      },
      {
        name: 'removeTeamMember',
        page: '/settings/team',
        valid: [
          ['orgId', 'org_acme'],
          ['userId', 'usr_nobody'],
        ],
        kinds: { orgId: 'textId', userId: 'textId' },
      },
      {
        name: 'updateOrgSettings',
        page: '/settings/organization',
        valid: [
          ['orgId', 'org_elsewhere'],
          ['name', 'Acme Renamed'],
          ['currency', 'EUR'],
          ['timeZone', 'Europe/Paris'],
          ['address', '1 Rue de Rivoli\nParis'],
        ],
        kinds: { orgId: 'textId', name: 'text', currency: 'enum', timeZone: 'text', address: 'text' },
      },
      { name: 'leaveTeam', page: '/organizations', valid: [['orgId', 'org_elsewhere']], kinds: { orgId: 'textId' } },
      {
        name: 'acceptTeamInvitation',
        page: '/organizations',
        valid: [['invitationId', 'inv_nowhere']],
        kinds: { invitationId: 'textId' },
      },
    ];
  }

  async function sendAction(hostile: ActionCase): Promise<HttpAnswer> {
    const id = ids.get(hostile.action.name);
    if (!id) throw new Error(`no action ${hostile.action.name} in the build`);
    const client = hostile.action.name === 'signIn' ? clients.anonymous : clients.admin;
    if (!hostile.withoutJavaScript)
      return client.action(id, hostile.action.page, { ...hostile, formDataOnly: hostile.action.formDataOnly });
    const form = new FormData();
    form.append(`$ACTION_ID_${id}`, '');
    for (const [name, value] of hostile.fields ?? []) form.append(name, value);
    return client.post(hostile.action.page, form, { referer: `${client.baseURL}${hostile.action.page}` });
  }

  /** A refusal a person can read: a 4xx with a message, a form error, or (without JavaScript) a redirect back to the form. */
  function refusalProblem(hostile: ActionCase, answer: HttpAnswer): string | null {
    const redirect = answer.headers.get('x-action-redirect') ?? answer.headers.get('location') ?? '';
    if (hostile.action.refusesByRedirectTo && redirect.startsWith(hostile.action.refusesByRedirectTo)) return null;
    if (answer.status >= 400 && answer.status < 500)
      return /"message":"[^"]+"|<html/.test(answer.body) ? null : 'a 4xx without a message';
    if (hostile.withoutJavaScript && hostile.action.rendersPageWithoutJavaScript && answer.status === 200) return null;
    if (hostile.withoutJavaScript)
      return answer.status === 303 && redirect.includes('flash=') ? null : `HTTP ${answer.status} to ${redirect}`;
    if (answer.status === 200 && /"ok":false/.test(answer.body) && /"message":"[^"]+"/.test(answer.body)) return null;
    return `HTTP ${answer.status}: ${answer.body.slice(0, 200)}`;
  }

  async function sendRoute(hostile: RouteCase): Promise<HttpAnswer> {
    const client = hostile.anonymous ? clients.anonymous : hostile.asMember ? clients.member : clients.admin;
    return hostile.method === 'GET'
      ? client.get(hostile.path, hostile.headers)
      : client.post(hostile.path, hostile.body ?? '', hostile.headers);
  }

  it('refuses every hostile request with a 4xx or a form error, writes nothing and logs no error', async () => {
    expect(invoiceId).toMatch(/^[0-9a-f-]{36}$/);
    const before = await fingerprint();
    const auditBefore = await state.database!`SELECT count(*)::int AS n FROM audit_log`;
    const problems: string[] = [];
    const actionCaseList = actionSpecs().flatMap(actionCases);
    const routeCaseList = routeCases(invoiceId);
    for (const hostile of actionCaseList) {
      const problem = refusalProblem(hostile, await sendAction(hostile));
      if (problem) problems.push(`${hostile.action.name} / ${hostile.label}: ${problem}`);
    }
    for (const hostile of routeCaseList) {
      const answer = await sendRoute(hostile);
      const json = (answer.headers.get('content-type') ?? '').includes('json');
      if (answer.status < 400 || answer.status >= 500)
        problems.push(`${hostile.label}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
      else if (json && !/"message":"[^"]+"|"error":"[^"]+"/.test(answer.body))
        problems.push(`${hostile.label}: no message in ${answer.body.slice(0, 200)}`);
    }
    expect(actionCaseList.length + routeCaseList.length).toBeGreaterThanOrEqual(300);
    expect(problems).toEqual([]);
    expect(await fingerprint()).toEqual(before);
    expect(await state.database!`SELECT count(*)::int AS n FROM audit_log`).toEqual(auditBefore);
    const errors = state.log
      .join('')
      .split('\n')
      .filter((line) => /⨯|\bError\b|unhandled|TypeError|digest/i.test(line));
    expect(errors).toEqual([]);
  }, 180_000);

  it('still serves the signed-in admin afterwards (the suite refused, it did not break the server)', async () => {
    const answer = await clients.admin.get(`/api/invoices/${invoiceId}`);
    expect(answer.status).toBe(200);
  });
});
