import 'server-only';
import { cacheLife, cacheTag, revalidateTag } from 'next/cache';
import { orgTags } from '@/server/cache/tags';

/**
 * A cached read whose fill the browser tests hold open (TALLY_TEST_SWITCHES=1 only), to watch what a
 * request is served when it joins a fill that began before an invalidation (docs/decisions/033). The
 * value lives in process memory, and the tag is the flush tag of an organization that exists nowhere.
 */
interface Gate {
  opened: Promise<void>;
  open: () => void;
}

interface HeldFills {
  values: Map<string, number>;
  gates: Map<string, Gate>;
  fills: Map<string, number>;
  reads: Map<string, number>;
}

const holder = globalThis as typeof globalThis & { __tallyHeldFills?: HeldFills };
const state = (holder.__tallyHeldFills ??= { values: new Map(), gates: new Map(), fills: new Map(), reads: new Map() });

const HOLD_AT_MOST_MS = 10_000;
/** The organization the tag names: one per key, and none that exists. */
const heldOrg = (key: string) => `held-fill-${key}`;
const bump = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

function gate(key: string): Gate {
  let held = state.gates.get(key);
  if (!held) {
    let open = () => {};
    const opened = new Promise<void>((resolve) => (open = resolve));
    state.gates.set(key, (held = { opened, open }));
  }
  return held;
}

async function readHeld(key: string): Promise<{ value: number }> {
  'use cache';
  cacheLife('max');
  cacheTag(orgTags.all(heldOrg(key)));
  bump(state.fills, key);
  const value = state.values.get(key) ?? 0; // read first, as a query would, then wait
  await Promise.race([gate(key).opened, new Promise((resolve) => setTimeout(resolve, HOLD_AT_MOST_MS))]);
  return { value };
}

export function heldRead(key: string): Promise<{ value: number }> {
  bump(state.reads, key);
  return readHeld(key);
}

/** Changes the value, then expires the tag at once (a route handler's read-your-writes primitive). */
export function heldWrite(key: string): void {
  bump(state.values, key);
  revalidateTag(orgTags.all(heldOrg(key)), { expire: 0 });
}

/** Lets every fill of `key`, the one waiting and any later one, finish. */
export function heldRelease(key: string): void {
  gate(key).open();
}

export function heldCounts(key: string): { reads: number; fills: number } {
  return { reads: state.reads.get(key) ?? 0, fills: state.fills.get(key) ?? 0 };
}
