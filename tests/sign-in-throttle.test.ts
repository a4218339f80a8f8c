import { describe, expect, it, vi } from 'vitest';

/**
 * The sign-in throttle on both paths (the JSON endpoint through Tally's route handler, and the form's
 * Server Action), counted in the shared store. Requests carry the socket address the way the running
 * server stamps it (src/server/security/client-address.ts).
 */
const h = vi.hoisted(() => {
  const redisUrl = process.env.REDIS_URL;
  delete process.env.REDIS_URL; // the route tests count in the test's own database; the Redis store is tested below
  return { redisUrl, actionHeaders: new Headers() };
});

vi.mock('next/headers', () => ({
  headers: vi.fn(async () => h.actionHeaders),
  cookies: vi.fn(async () => ({ get: () => undefined, set: () => {}, delete: () => {} })),
}));

const { POST } = await import('@/app/api/auth/[...all]/route');
const { signIn } = await import('@/server/auth/actions');
const { SIGN_IN_BUDGETS } = await import('@/server/auth/sign-in-throttle');
const { sharedLimiter } = await import('@/server/auth/throttle-store');
const { clientAddress, socketAddressHeader } = await import('@/server/security/client-address');
const { RateLimiterRedis, RateLimiterRes } = await import('rate-limiter-flexible');

const PASSWORD = 'demo-password';
let forwarded = 0;

function jsonSignIn(email: string, password: string, socket: string, extra: Record<string, string> = {}): Promise<Response> {
  return POST(
    new Request('http://localhost:3000/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:3000', [socketAddressHeader()]: socket, ...extra },
      body: JSON.stringify({ email, password }),
    }),
  );
}

function formSignIn(email: string, password: string, socket: string) {
  h.actionHeaders = new Headers({
    'next-action': 'test',
    host: 'localhost:3000',
    origin: 'http://localhost:3000',
    [socketAddressHeader()]: socket,
  });
  const form = new FormData();
  form.set('email', email);
  form.set('password', password);
  return signIn(null, form);
}

/** A fresh X-Forwarded-For on every request, as an attacker rotating it would send. */
const rotating = () => ({ 'x-forwarded-for': `203.0.113.${(forwarded += 1) % 250}` });

async function failUntilBudgetSpent(email: string, socket: string, times: number = SIGN_IN_BUDGETS.account.points) {
  for (let i = 0; i < times; i += 1) expect((await jsonSignIn(email, 'wrong-password', socket, rotating())).status).toBe(401);
}

describe('the JSON sign-in endpoint', () => {
  it('a rotating X-Forwarded-For does not reset the per-account budget; the refusal is a 429 with Retry-After', async () => {
    await failUntilBudgetSpent('owner@acme.test', '198.51.100.1');
    const refused = await jsonSignIn('owner@acme.test', PASSWORD, '198.51.100.1', rotating());
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({
      error: { code: 'too_many_requests', message: expect.stringMatching(/Too many sign-in attempts/) },
    });
  });

  it('a rotating X-Forwarded-For does not reset the per-address budget either', async () => {
    const socket = '198.51.100.2';
    for (let i = 0; i < SIGN_IN_BUDGETS.address.points; i += 1) {
      expect((await jsonSignIn(`nobody${i}@address.test`, 'wrong-password', socket, rotating())).status).toBe(401);
    }
    expect((await jsonSignIn('member@globex.test', PASSWORD, socket, rotating())).status).toBe(429);
    expect((await jsonSignIn('member@globex.test', PASSWORD, '198.51.100.3')).status).toBe(200);
  });

  it("an attacker guessing a victim's password locks the victim everywhere, but not another account at the same address", async () => {
    const attacker = '198.51.100.4';
    await failUntilBudgetSpent('admin@acme.test', attacker);
    expect((await jsonSignIn('admin@acme.test', PASSWORD, attacker)).status).toBe(429);
    expect((await jsonSignIn('admin@acme.test', PASSWORD, '198.51.100.5')).status).toBe(429);
    expect((await jsonSignIn('owner@globex.test', PASSWORD, attacker)).status).toBe(200);
  });

  it('a successful sign-in resets the per-account count', async () => {
    const socket = '198.51.100.6';
    for (let round = 0; round < 3; round += 1) {
      await failUntilBudgetSpent('admin@globex.test', socket, SIGN_IN_BUDGETS.account.points - 1);
      expect((await jsonSignIn('Admin@Globex.test', PASSWORD, socket)).status).toBe(200);
    }
  });

  it('a body that is not a JSON object with an email is refused before any password check', async () => {
    const response = await POST(
      new Request('http://localhost:3000/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:3000' },
        body: 'email=member%40acme.test&password=x',
      }),
    );
    expect(response.status).toBe(400);
  });
});

describe('the sign-in form shares the budget', () => {
  it('failures on the JSON endpoint lock the form, with a clear form error', async () => {
    await failUntilBudgetSpent('member@acme.test', '198.51.100.7');
    const state = await formSignIn('member@acme.test', PASSWORD, '198.51.100.8');
    expect(state).toMatchObject({ ok: false, code: 'too_many_requests', message: expect.stringMatching(/Try again in/) });
  });

  it('failures on the form lock the JSON endpoint', async () => {
    for (let i = 0; i < SIGN_IN_BUDGETS.account.points; i += 1) {
      expect(await formSignIn('pat@acme.test', 'wrong-password', '198.51.100.9')).toMatchObject({
        ok: false,
        code: 'unauthorized',
      });
    }
    expect((await jsonSignIn('pat@acme.test', PASSWORD, '198.51.100.10')).status).toBe(429);
  });
});

describe('the client address', () => {
  const socket = (address: string, forwardedFor?: string) =>
    new Headers({ [socketAddressHeader()]: address, ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) });

  it('with no trusted proxy is the socket address, whatever X-Forwarded-For says', () => {
    expect(clientAddress(socket('::ffff:192.0.2.1', '10.0.0.1'), 0)).toBe('192.0.2.1');
    expect(clientAddress(new Headers({ 'x-forwarded-for': '10.0.0.1' }), 0)).toBe('unknown');
  });

  it('with N trusted proxies is the Nth address from the right of X-Forwarded-For', () => {
    expect(clientAddress(socket('10.0.0.9', 'spoofed, 192.0.2.7'), 1)).toBe('192.0.2.7');
    expect(clientAddress(socket('10.0.0.9', 'spoofed, 192.0.2.7, 10.0.0.2'), 2)).toBe('192.0.2.7');
    expect(clientAddress(socket('10.0.0.9', '192.0.2.7'), 2)).toBe('10.0.0.9');
    expect(clientAddress(socket('10.0.0.9', 'spoofed, not-an-ip'), 1)).toBe('unknown');
  });
});

describe('the shared store', () => {
  const stores = [
    ['database', undefined],
    ['redis', h.redisUrl],
  ] as const;
  it.each(stores)('three instances share one budget (%s)', async (name, redisUrl) => {
    if (name === 'redis' && !redisUrl) return; // needs REDIS_URL
    const budget = { points: 5, duration: 60 };
    const prefix = `test:${name}:${Date.now()}`;
    const instances = await Promise.all([0, 1, 2].map(() => sharedLimiter(prefix, budget, redisUrl)));
    if (redisUrl) expect(instances[0]).toBeInstanceOf(RateLimiterRedis);
    for (let i = 0; i < budget.points; i += 1) await instances[i % 3]!.consume('key');
    for (const instance of instances) await expect(instance.consume('key')).rejects.toBeInstanceOf(RateLimiterRes);
  });
});
