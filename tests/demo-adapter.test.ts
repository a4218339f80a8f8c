import { beforeEach, describe, expect, it, vi } from 'vitest';

const h = vi.hoisted(() => ({ demo: true, testSwitches: undefined as '1' | undefined, misuse: false }));

vi.mock('@/server/env', async (original) => ({
  ...(await original<typeof import('@/server/env')>()),
  isDemoMode: () => h.demo,
  env: () => ({ TALLY_TEST_SWITCHES: h.testSwitches }),
}));
vi.mock('@/server/demo/misuse-flag', () => ({ isMisuseOn: vi.fn(async () => h.misuse) }));

const { demoAdapter } = await import('@/server/demo/adapter');
const { isMisuseOn } = await import('@/server/demo/misuse-flag');

beforeEach(() => {
  Object.assign(h, { demo: true, testSwitches: undefined, misuse: false });
  vi.mocked(isMisuseOn).mockClear();
});

describe('the demo adapter', () => {
  it('is absent with demo mode off, so a write runs no demo code and no flag query', () => {
    h.demo = false;
    expect(demoAdapter()).toBeNull();
    expect(isMisuseOn).not.toHaveBeenCalled();
  });

  it('reads the misuse flag for invoice edits only, and bends only the list family', async () => {
    h.misuse = true;
    const demo = demoAdapter()!;
    expect(await demo.eventualFamilies('invoice.update', 'org_a')).toEqual(['list']);
    expect(await demo.eventualFamilies('invoice.archive', 'org_a')).toBeUndefined();
    expect(isMisuseOn).toHaveBeenCalledTimes(1);
  });

  it('fails a #fail comment only when the test switches are on', () => {
    const input = { body: '#fail please' };
    expect(demoAdapter()!.refuseWrite('comment.add', input)).toBeNull();
    h.testSwitches = '1';
    expect(demoAdapter()!.refuseWrite('comment.add', input)).toMatchObject({ ok: false, code: 'unavailable' });
    expect(demoAdapter()!.refuseWrite('comment.add', { body: 'fine' })).toBeNull();
    expect(demoAdapter()!.refuseWrite('invoice.update', input)).toBeNull();
  });
});
