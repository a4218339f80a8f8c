import { beforeEach, describe, expect, it, vi } from 'vitest';

const SECRET = 'internal-route-secret-0123456789abcdef';
process.env.TALLY_INTERNAL_SECRET = SECRET;

vi.mock('next/cache', () => import('./support/next-mocks').then((m) => m.nextCache));

const { revalidateTag } = await import('next/cache');
const { POST } = await import('@/app/api/internal/revalidate/route');
const { invoiceTags } = await import('@/server/cache/tags');

const post = (body: unknown, authorization?: string) =>
  POST(
    new Request('http://localhost/api/internal/revalidate', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
    }),
  );

beforeEach(() => vi.mocked(revalidateTag).mockClear());

describe('POST /api/internal/revalidate (the separate worker’s way into a web instance’s cache)', () => {
  it('marks each posted tenant tag stale with the max profile', async () => {
    const tags = [invoiceTags.summary('org_acme'), invoiceTags.list('org_acme')];
    const response = await post({ tags }, `Bearer ${SECRET}`);
    expect(response.status).toBe(204);
    expect(vi.mocked(revalidateTag).mock.calls).toEqual(tags.map((tag) => [tag, 'max']));
  });

  it.each([[undefined], ['Bearer wrong-secret-0123456789abcdef-xxxx'], [SECRET]])(
    'refuses authorization %j with 401',
    async (authorization) => {
      const response = await post({ tags: [invoiceTags.summary('org_acme')] }, authorization);
      expect(response.status).toBe(401);
      expect(revalidateTag).not.toHaveBeenCalled();
    },
  );

  it.each([[{ tags: [] }], [{ tags: ['not-a-tenant-tag'] }], [{ tags: [invoiceTags.summary('org_acme')], extra: 1 }], [null]])(
    'refuses the body %j with 400 and invalidates nothing',
    async (body) => {
      const response = await post(body, `Bearer ${SECRET}`);
      expect(response.status).toBe(400);
      expect(revalidateTag).not.toHaveBeenCalled();
    },
  );
});
