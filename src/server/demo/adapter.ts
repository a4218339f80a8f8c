import 'server-only';
import { err, type Err } from '@/lib/result';
import type { CacheEvent, TagFamily } from '@/server/cache/graph';
import { env, isDemoMode } from '@/server/env';
import { isMisuseOn } from './misuse-flag';

/** A comment starting with this fails on purpose, so the end-to-end tests can watch a rollback. */
const FORCED_FAILURE_PREFIX = '#fail';

/**
 * Everything the demo adds to the write path, in one place. Off (`TALLY_DEMO=0`), `demoAdapter()` is
 * null and a write runs no demo code and no demo query.
 */
export interface DemoAdapter {
  /** A failure the tests asked for (`TALLY_TEST_SWITCHES=1`), or null. */
  refuseWrite(name: CacheEvent, input: unknown): Err | null;
  /** The inspector's misuse switch: families an invoice edit sends through the eventual primitive. */
  eventualFamilies(name: CacheEvent, orgId: string): Promise<readonly TagFamily[] | undefined>;
}

const demo: DemoAdapter = {
  refuseWrite(name, input) {
    if (name !== 'comment.add' || env().TALLY_TEST_SWITCHES !== '1') return null;
    const body = (input as { body?: unknown }).body;
    return typeof body === 'string' && body.startsWith(FORCED_FAILURE_PREFIX)
      ? err('unavailable', 'The comment could not be saved. Try again.')
      : null;
  },
  async eventualFamilies(name, orgId) {
    if (name !== 'invoice.update') return undefined;
    return (await isMisuseOn(orgId)) ? ['list'] : undefined;
  },
};

export function demoAdapter(): DemoAdapter | null {
  return isDemoMode() ? demo : null;
}
