import { describe, expect, it } from 'vitest';
import { isCachedFunctionId, refuseCachedFunctionCall } from '@/server/security/server-function-guard';

/** Ids shaped as Next 16.4 builds them: 42 hex characters, the first byte's top bit set for 'use cache'. */
const CACHED = 'c0ff29e63d469d613ae6ec9b13b3a44fabc3d03e68';
const ACTION = '7f20df2b57870c82380e9e8177b3acb4b5672aa9a7';
const post = (headers: Record<string, string>, body?: BodyInit) =>
  new Request('http://localhost/organizations', { method: 'POST', headers, body });

describe('the cached-function guard', () => {
  it("tells a 'use cache' id from a Server Action id the way Next encodes them", () => {
    expect(isCachedFunctionId(CACHED)).toBe(true);
    expect(isCachedFunctionId(ACTION)).toBe(false);
    expect(isCachedFunctionId('c0')).toBe(false);
  });

  it('refuses a cached id in the Next-Action header with a JSON 404, and lets an action id through', async () => {
    const refused = await refuseCachedFunctionCall(post({ 'next-action': CACHED }, '["org_globex"]'));
    expect(refused?.status).toBe(404);
    expect((await refused?.json()).error.code).toBe('not_found');
    expect(await refuseCachedFunctionCall(post({ 'next-action': ACTION }, '[]'))).toBeNull();
  });

  it('refuses a cached id named in a form body without JavaScript, by id or bound reference', async () => {
    const byId = new FormData();
    byId.set(`$ACTION_ID_${CACHED}`, '');
    expect((await refuseCachedFunctionCall(post({}, byId)))?.status).toBe(404);
    const bound = new FormData();
    bound.set('$ACTION_REF_1', '');
    bound.set('$ACTION_1:0', JSON.stringify({ id: CACHED, bound: '$@1' }));
    bound.set('$ACTION_1:1', '["org_globex"]');
    expect((await refuseCachedFunctionCall(post({}, bound)))?.status).toBe(404);
    const real = new FormData();
    real.set('$ACTION_REF_1', '');
    real.set('$ACTION_1:0', JSON.stringify({ id: ACTION, bound: null }));
    real.set('name', 'x');
    expect(await refuseCachedFunctionCall(post({}, real))).toBeNull();
  });

  it('ignores GETs and bodies it cannot read as forms', async () => {
    expect(await refuseCachedFunctionCall(new Request('http://localhost/', { headers: { 'next-action': CACHED } }))).toBeNull();
    expect(await refuseCachedFunctionCall(post({ 'content-type': 'multipart/form-data; boundary=x' }, 'garbage'))).toBeNull();
  });
});
