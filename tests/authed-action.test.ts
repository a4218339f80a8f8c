import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { err, ok } from '@/lib/result';

/**
 * The Server Action choke point without a database: who is asking (session, active org, role), then
 * the form, then Zod, then `fn`; what a refusal says, what it echoes, when it is sent back to its page,
 * and what the request's span and log line are told.
 */
const h = vi.hoisted(() => ({
  viewer: null as null | { userId: string; active: { orgId: string; orgName: string; role: string } | null },
  annotated: [] as unknown[],
  sentBack: [] as unknown[][],
  spans: [] as { name: string; options: unknown; attributes: Record<string, unknown> }[],
}));

vi.mock('@/server/auth/viewer', () => ({ getVerifiedViewer: async () => h.viewer }));
vi.mock('@/server/observability/request-spans', () => ({ annotateRequest: (who: unknown) => void h.annotated.push(who) }));
vi.mock('@/server/flash', () => ({
  sendBackWithoutJavaScript: async (...args: unknown[]) => void h.sentBack.push(args),
}));
vi.mock('@/server/observability/spans', () => ({
  inSpan: async (name: string, options: unknown, fn: (span: unknown) => Promise<unknown>) => {
    const attributes: Record<string, unknown> = {};
    h.spans.push({ name, options, attributes });
    return fn({ setAttribute: (key: string, value: unknown) => void (attributes[key] = value) });
  },
}));

const { authedAction, resolveTenant, signedInAction } = await import('@/server/authed-action');

const schema = z.object({ name: z.string().min(2, 'Too short.') });
const form = (entries: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(entries)) data.set(name, value);
  return data;
};
const member = (role: string, orgId = 'org_acme') => ({ userId: 'usr_1', active: { orgId, orgName: 'Acme', role } });

beforeEach(() => {
  Object.assign(h, { viewer: null, annotated: [], sentBack: [], spans: [] });
});

describe('resolveTenant', () => {
  it('without a session: unauthorized, and nobody is annotated', async () => {
    expect(await resolveTenant('member')).toEqual(err('unauthorized', 'Your session has ended. Sign in again.'));
    expect(h.annotated).toEqual([]);
  });

  it('without an active organization: not found', async () => {
    h.viewer = { userId: 'usr_1', active: null };
    expect(await resolveTenant('member')).toEqual(err('not_found', 'You are not a member of any organization.'));
  });

  it('below the role: forbidden, naming the role; the request is annotated with who asked', async () => {
    h.viewer = member('member');
    expect(await resolveTenant('admin')).toEqual(err('forbidden', 'Only an admin or above can do that.'));
    expect(h.annotated).toEqual([{ userId: 'usr_1', orgId: 'org_acme' }]);
  });

  it.each([
    ['member', 'member'],
    ['admin', 'member'],
    ['admin', 'admin'],
    ['owner', 'admin'],
  ] as const)('a %s passes a %s check with its own tenant context', async (role, minimum) => {
    h.viewer = member(role, 'org_globex');
    expect(await resolveTenant(minimum)).toEqual(ok({ userId: 'usr_1', orgId: 'org_globex', role }));
  });
});

describe('authedAction', () => {
  const fn = vi.fn(async (input: { name: string }, ctx: { orgId: string }) => ok(`${input.name}@${ctx.orgId}`));
  const action = authedAction('admin', schema, fn, 'invoice.update');
  beforeEach(() => {
    fn.mockClear();
  });

  it('runs fn with the parsed input and the tenant, echoes the values, and records the outcome', async () => {
    h.viewer = member('owner');
    const state = await action(null, form({ name: 'Ann', extra: 'kept' }));
    expect(state).toEqual({ ok: true, data: 'Ann@org_acme', values: { name: 'Ann', extra: 'kept' } });
    expect(fn).toHaveBeenCalledWith({ name: 'Ann' }, { userId: 'usr_1', orgId: 'org_acme', role: 'owner' });
    expect(h.sentBack).toEqual([]);
    expect(h.spans).toEqual([
      {
        name: 'server action invoice.update',
        options: { attributes: { 'tally.action': 'invoice.update' } },
        attributes: { 'tally.action.outcome': 'ok' },
      },
    ]);
  });

  it('refuses a caller below the role before reading the input, echoing the values and sending them back', async () => {
    h.viewer = member('member');
    const state = await action(null, form({ name: 'Ann' }));
    expect(state).toEqual({ ...err('forbidden', 'Only an admin or above can do that.'), values: { name: 'Ann' } });
    expect(fn).not.toHaveBeenCalled();
    // A refused caller has no tenant: the send-back belongs to nobody.
    expect(h.sentBack).toEqual([['invoice.update', state, null]]);
    expect(h.spans[0]?.attributes).toEqual({ 'tally.action.outcome': 'forbidden' });
  });

  it('without a session, sends the state back for nobody', async () => {
    const state = await action(null, form({ name: 'Ann' }));
    expect(state).toEqual({ ...err('unauthorized', 'Your session has ended. Sign in again.'), values: { name: 'Ann' } });
    expect(h.sentBack).toEqual([['invoice.update', state, null]]);
  });

  it('without a session and without FormData, echoes no values', async () => {
    const state = await action(null, 'name=Ann' as unknown as FormData);
    expect(state).toEqual({ ...err('unauthorized', 'Your session has ended. Sign in again.'), values: {} });
  });

  it('refuses an argument that is not FormData, as the form reader words it', async () => {
    h.viewer = member('admin');
    const state = await action(null, { name: 'Ann' } as unknown as FormData);
    expect(state).toEqual(err('bad_request', 'Send the form as form data.'));
    expect(fn).not.toHaveBeenCalled();
    expect(h.sentBack).toEqual([['invoice.update', state, 'usr_1']]);
  });

  it('refuses input Zod rejects with field errors and the values, without running fn', async () => {
    h.viewer = member('admin');
    const state = await action(null, form({ name: 'A' }));
    expect(state).toEqual({
      ...err('bad_request', 'Some fields need attention.', { name: ['Too short.'] }),
      values: { name: 'A' },
    });
    expect(fn).not.toHaveBeenCalled();
    expect(h.spans[0]?.attributes).toEqual({ 'tally.action.outcome': 'bad_request' });
  });

  it("sends fn's own refusal back, with the values", async () => {
    h.viewer = member('admin');
    fn.mockResolvedValueOnce(err('not_found', 'No such invoice.') as never);
    const state = await action(null, form({ name: 'Ann' }));
    expect(state).toEqual({ ...err('not_found', 'No such invoice.'), values: { name: 'Ann' } });
    expect(h.sentBack).toEqual([['invoice.update', state, 'usr_1']]);
    expect(h.spans[0]?.attributes).toEqual({ 'tally.action.outcome': 'not_found' });
  });
});

describe('signedInAction', () => {
  const fn = vi.fn(async (input: { name: string }, ctx: { userId: string }) => ok(`${input.name}:${ctx.userId}`));
  const action = signedInAction(schema, fn, 'member.leave');

  it('needs a session but no active organization; the request is annotated with the user alone', async () => {
    h.viewer = { userId: 'usr_9', active: null };
    expect(await action(null, form({ name: 'Bea' }))).toEqual({ ok: true, data: 'Bea:usr_9', values: { name: 'Bea' } });
    expect(fn).toHaveBeenCalledWith({ name: 'Bea' }, { userId: 'usr_9' });
    expect(h.annotated).toEqual([{ userId: 'usr_9' }]);
  });

  it('without a session: unauthorized, nobody annotated, fn not run', async () => {
    fn.mockClear();
    const state = await action(null, form({ name: 'Bea' }));
    expect(state).toEqual({ ...err('unauthorized', 'Your session has ended. Sign in again.'), values: { name: 'Bea' } });
    expect(h.annotated).toEqual([]);
    expect(fn).not.toHaveBeenCalled();
    expect(h.sentBack).toEqual([['member.leave', state, null]]);
  });
});
