/**
 * Generated hostile input: for every Server Action and route handler, what a careless or malicious
 * client can send. Every case must be refused with a 4xx or a form error, and change nothing.
 */

/** The shape a field's valid values take; each kind has its own ways of being wrong. */
type FieldKind = 'text' | 'email' | 'password' | 'uuid' | 'textId' | 'number' | 'enum' | 'csv' | 'returnTo';

export interface ActionSpec {
  name: string;
  /** A page the action is registered on (the manifest's worker). */
  page: string;
  /** A valid submission; hostile cases change one thing in it. */
  valid: [string, string][];
  kinds: Record<string, FieldKind>;
  /** The action takes FormData alone, not `(previousState, formData)`. */
  formDataOnly?: boolean;
  /** Refusal is a redirect to this path (the action's answer to any bad input), not a form error. */
  refusesByRedirectTo?: string;
  /** Without JavaScript a refusal re-renders the page (the action keeps no flash), rather than redirecting back. */
  rendersPageWithoutJavaScript?: boolean;
}

export interface ActionCase {
  action: ActionSpec;
  label: string;
  fields?: [string, string][];
  rawArguments?: string;
  headers?: Record<string, string>;
  /** Send as a browser without JavaScript would (a plain form post, no Next-Action header). */
  withoutJavaScript?: boolean;
}

const NUL = '\u0000';
const MEGABYTE = 1024 * 1024;

const badValues: Record<FieldKind, (valid: string) => [string, string][]> = {
  text: (valid) => [
    ['NUL inside', `${valid}${NUL}x`],
    ['only NUL', NUL],
    ['5,000 characters', 'x'.repeat(5_000)],
  ],
  email: (valid) => [
    ['NUL inside', valid.replace('@', `${NUL}@`)],
    ['no @', 'not-an-email'],
    ['spaces only', '   '],
  ],
  password: () => [
    ['empty', ''],
    ['5,000 characters', 'x'.repeat(5_000)],
  ],
  uuid: (valid) => [
    ['not a uuid', 'not-a-uuid'],
    ['NUL inside', `${valid.slice(0, 10)}${NUL}${valid.slice(11)}`],
    ['a path', '../../etc/passwd'],
    ['SQL', "' OR 1=1 --"],
    ['a missing id in upper case', 'FFFFFFFF-FFFF-4FFF-8FFF-FFFFFFFFFFFF'],
  ],
  textId: () => [
    ['spaces', 'org acme'],
    ['NUL', `org${NUL}`],
    ['101 characters', 'o'.repeat(101)],
    ['SQL', "' OR 1=1 --"],
  ],
  number: () => [
    ['hex', '0x10'],
    ['exponent', '1e2'],
    ['plus sign', '+1'],
    ['trailing dot', '1.'],
    ['leading dot', '.5'],
    ['negative', '-1'],
    ['huge', '9'.repeat(400)],
  ],
  enum: () => [
    ['upper case', 'DRAFT'],
    ['NUL', NUL],
  ],
  csv: () => [
    ['NUL in a row', `Acme${NUL}, a@b.test, 2026-12-31, 10.00`],
    ['a hex amount', 'Acme, a@b.test, 2026-12-31, 0x10'],
    ['an exponent amount', 'Acme, a@b.test, 2026-12-31, 1e2'],
  ],
  returnTo: () => [
    ['another site', 'https://evil.example/x'],
    ['protocol-relative', '//evil.example/x'],
  ],
};

const replaced = (fields: [string, string][], name: string, value: string): [string, string][] =>
  fields.map(([key, old]) => [key, key === name ? value : old]);

/** Per-field breakage, clashing names, wrong arguments and transport abuse, for one action. */
export function actionCases(action: ActionSpec): ActionCase[] {
  const cases: ActionCase[] = [];
  for (const [name, kind] of Object.entries(action.kinds)) {
    const valid = action.valid.find(([key]) => key === name)?.[1] ?? '';
    for (const [label, value] of badValues[kind](valid)) {
      cases.push({ action, label: `${name}: ${label}`, fields: replaced(action.valid, name, value) });
    }
    cases.push({ action, label: `${name} and ${name}.x`, fields: [...action.valid, [`${name}.x`, 'y']] });
    cases.push({ action, label: `${name}.x before ${name}`, fields: [[`${name}.x`, 'y'], ...action.valid] });
    cases.push({ action, label: `${name} missing`, fields: action.valid.filter(([key]) => key !== name) });
  }
  cases.push(
    {
      action,
      label: 'a string instead of FormData',
      rawArguments: action.formDataOnly ? '["not form data"]' : '[null,"not form data"]',
    },
    {
      action,
      label: 'an object instead of FormData',
      rawArguments: action.formDataOnly ? '[{"email":"x"}]' : '[null,{"email":"x"}]',
    },
    { action, label: 'a number instead of FormData', rawArguments: action.formDataOnly ? '[42]' : '[null,42]' },
    { action, label: 'no arguments', rawArguments: '[]' },
    { action, label: 'a 1.5 MB field', fields: [...action.valid, ['padding', 'x'.repeat(1.5 * MEGABYTE)]] },
    { action, label: 'a foreign Origin', fields: action.valid, headers: { origin: 'https://evil.example' } },
    { action, label: 'Origin null', fields: action.valid, headers: { origin: 'null' } },
    { action, label: 'an Origin that is no URL', fields: action.valid, headers: { origin: 'not a url' } },
    {
      action,
      label: 'without JavaScript: a clashing name',
      withoutJavaScript: true,
      fields: [...action.valid, ['x', 'a'], ['x.y', 'b']],
    },
  );
  return cases;
}

export interface RouteCase {
  label: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers?: Record<string, string>;
  /** Send without the session cookie. */
  anonymous?: boolean;
  /** Send with the member's session instead of the admin's. */
  asMember?: boolean;
}

const cursor = (at: string, id: string, towards = 'older') =>
  Buffer.from(JSON.stringify({ at, id, towards })).toString('base64url');

/** Query, path and body abuse for every route handler Tally owns (not /api/auth). */
export function routeCases(invoiceId: string): RouteCase[] {
  const missing = 'ffffffff-ffff-4fff-8fff-ffffffffffff';
  const cases: RouteCase[] = [];
  for (const query of [
    'view=deleted',
    'view=ACTIVE',
    'view=%00',
    'after=0x10',
    'after=1e2',
    'after=-1',
    'after=1.',
    'after=.5',
    'after=0',
    'after=99999999999',
    'after=1&before=2',
    'before=%2B1',
    'after=%00',
    'view=all',
  ]) {
    cases.push({
      label: `GET /api/invoices?${query}`,
      method: 'GET',
      path: `/api/invoices?${query}`,
      asMember: query === 'view=all',
    });
  }
  for (const id of [
    'not-a-uuid',
    '%00',
    'x'.repeat(2_000),
    missing,
    `${invoiceId.slice(0, 35)}%00`,
    '..%2F..%2Fetc',
    "'%20OR%201=1",
  ]) {
    cases.push({ label: `GET /api/invoices/${id.slice(0, 40)}`, method: 'GET', path: `/api/invoices/${id}` });
    cases.push({ label: `GET /api/invoices/${id.slice(0, 40)}/comments`, method: 'GET', path: `/api/invoices/${id}/comments` });
  }
  const comments = `/api/invoices/${invoiceId}/comments`;
  const commentId = '0a0a0a0a-0000-4000-8000-00000000000a';
  for (const [label, value] of [
    ['year 0000', cursor('0000-01-01T00:00:00Z', commentId)],
    ['year 1999', cursor('1999-12-31T00:00:00Z', commentId)],
    ['offset +16:00', cursor('2026-01-01T00:00:00+16:00', commentId)],
    ['offset -23:59', cursor('2026-01-01T00:00:00-23:59', commentId)],
    ['year +275760', cursor('+275760-09-13T00:00:00Z', commentId)],
    ['a bad id', cursor('2026-01-01T00:00:00Z', 'x')],
    ['a bad direction', cursor('2026-01-01T00:00:00Z', commentId, 'sideways')],
    ['not base64', '%%%'],
    ['not JSON', Buffer.from('{').toString('base64url')],
    ['JSON null', Buffer.from('null').toString('base64url')],
    ['10,000 characters', 'A'.repeat(10_000)],
    ['NUL', '%00'],
  ]) {
    cases.push({ label: `comments cursor: ${label}`, method: 'GET', path: `${comments}?cursor=${value}` });
  }
  for (const limit of ['0', '51', '0x10', '1e1', '-1', '1.5', '%00', 'abc']) {
    cases.push({ label: `comments limit=${limit}`, method: 'GET', path: `${comments}?limit=${limit}` });
    cases.push({ label: `recent limit=${limit}`, method: 'GET', path: `/api/comments/recent?limit=${limit}` });
  }
  const force = '/api/inspector/force-update-tag';
  for (const [label, body] of [
    ['an array', '[]'],
    ['a string', '"x"'],
    ['a number', '1'],
    ['broken JSON', '{"a":'],
    ['NUL', '\u0000'],
    ['a lone surrogate', '"\\ud800"'],
    ['100 KB', `{"a":"${'x'.repeat(100 * 1024)}"}`],
  ]) {
    cases.push({
      label: `POST ${force}: ${label}`,
      method: 'POST',
      path: force,
      body,
      headers: { 'content-type': 'application/json' },
    });
  }
  cases.push(
    { label: `POST ${force} as a member`, method: 'POST', path: force, body: '{}', asMember: true },
    {
      label: `POST ${force} from another origin`,
      method: 'POST',
      path: force,
      body: '{}',
      headers: { origin: 'https://evil.example' },
    },
  );
  for (const [label, headers] of [
    ['no secret', {}],
    ['a wrong secret', { authorization: 'Bearer wrong' }],
    ['a long secret', { authorization: `Bearer ${'x'.repeat(5_000)}` }],
  ] as const) {
    cases.push({
      label: `POST /api/internal/revalidate: ${label}`,
      method: 'POST',
      path: '/api/internal/revalidate',
      body: '{"tags":["x"]}',
      headers,
    });
  }
  for (const path of ['/api/invoices', `/api/invoices/${invoiceId}`, comments, '/api/comments/recent']) {
    cases.push({ label: `anonymous GET ${path}`, method: 'GET', path, anonymous: true });
    cases.push({ label: `POST ${path} (no such method)`, method: 'POST', path, body: '{}' });
  }
  return cases;
}
