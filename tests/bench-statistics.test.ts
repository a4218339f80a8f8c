import { describe, expect, it } from 'vitest';
import { versusTwin } from '../bench/peer-pages.mjs';
import { handlerCost, summarizeProfile } from '../bench/profile.mjs';

const rows = (rounds: number[]) => ({ rounds, requestsPerSecond: 0, p99: 0 });
// Twelve rounds whose speed drifts by half, as this host's does.
const drift = [40, 30, 44, 25, 38, 41, 29, 35, 47, 33, 26, 39];

describe('versusTwin: a peer set against a second copy of Tally, round by round', () => {
  it('ties a peer that is the copy, whatever the drift', () => {
    const result = versusTwin(rows(drift), rows(drift));
    expect(result.verdict).toBe('ties');
    expect(result.pSlower).toBe(1);
    expect(result.pFaster).toBe(1);
  });

  it('says Tally trails a peer faster than the copy in every round, at the smallest chance twelve rounds allow', () => {
    const result = versusTwin(rows(drift.map((rps) => rps * 1.1)), rows(drift));
    expect(result.verdict).toBe('trails');
    expect(result.pSlower).toBe(1 / 4096);
  });

  it('says Tally leads a peer slower than the copy in every round', () => {
    const result = versusTwin(rows(drift.map((rps) => rps * 0.9)), rows(drift));
    expect(result.verdict).toBe('leads');
    expect(result.pFaster).toBe(1 / 4096);
  });

  it('ties a peer ahead in some rounds and behind in others', () => {
    const mixed = drift.map((rps, round) => (round % 2 ? rps * 1.2 : rps * 0.85));
    expect(versusTwin(rows(mixed), rows(drift)).verdict).toBe('ties');
  });

  it('does not let one outlying round decide', () => {
    // One round 3× faster for the peer, the rest a shade slower: no consistent lead.
    const peer = drift.map((rps, round) => (round === 0 ? rps * 3 : rps * 0.98));
    expect(versusTwin(rows(peer), rows(drift)).verdict).toBe('ties');
  });
});

// A profile of three functions: the handler's, the page's, and idle, sampled every 1 ms from t = 1000 µs.
function profile(samples: number[]) {
  const frame = (id: number, functionName: string, url: string) => ({
    id,
    callFrame: { functionName, url, lineNumber: 0, columnNumber: 0, scriptId: '0' },
  });
  return {
    nodes: [
      frame(1, '(root)', ''),
      frame(2, 'get', 'file:///app/packages/next-redis-cache/src/create-handler.mjs'),
      frame(3, 'render', 'file:///app/.next/server/chunks/page.js'),
      frame(4, '(idle)', ''),
      frame(5, 'parse', 'file:///app/node_modules/redis-parser/lib/parser.js'),
    ],
    startTime: 1000,
    samples,
    timeDeltas: samples.map(() => 1000),
  };
}

describe('handlerCost: the CPU a handler takes, from the samples inside the load window', () => {
  it('reads the share of busy time in handler and client code, leaving idle out', () => {
    // Samples at 2000…9000 µs: handler ×1, client ×1, page ×4, idle ×2.
    const cost = handlerCost(profile([2, 5, 3, 3, 3, 3, 4, 4]), [0, 1e9], 4);
    expect(cost.handlerShare).toBeCloseTo(2 / 6);
    expect(cost.busyMsPerRequest).toBeCloseTo(6 / 4);
    expect(cost.handlerMsPerRequest).toBeCloseTo(2 / 4);
  });

  it('ignores samples taken before or after the window (start-up, warm-up, shutdown)', () => {
    // Handler samples at 2000 and 3000 µs fall before the window; only the page's remain.
    const cost = handlerCost(profile([2, 2, 3, 3, 3]), [3500, 6500], 3);
    expect(cost.handlerShare).toBe(0);
    expect(cost.busyMsPerRequest).toBeCloseTo(1);
  });
});

describe('summarizeProfile over a window', () => {
  it('ranks only the samples inside the window', () => {
    const { functions } = summarizeProfile(profile([2, 2, 2, 3, 3]), [4500, 7000]);
    expect(functions.map((entry: { name: string }) => entry.name)).toEqual([expect.stringMatching(/^render /)]);
  });
});
