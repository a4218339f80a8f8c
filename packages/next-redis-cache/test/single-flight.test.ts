import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { expect, it } from 'vitest';
import { describeWithRedis, REDIS_URL, trackPrefixes } from './support/redis';

const run = promisify(execFile);
const newPrefix = trackPrefixes();

describeWithRedis('single-flight across processes', () => {
  it('runs the cached function once for 3 processes x 50 concurrent cold reads of one key', async () => {
    const prefix = newPrefix();
    const outputs = await Promise.all(
      [1, 2, 3].map(() =>
        run(process.execPath, [
          'packages/next-redis-cache/test/support/single-flight-worker.mjs',
          REDIS_URL ?? '',
          prefix,
          '50',
          '3',
        ]),
      ),
    );
    const redis = new Redis(REDIS_URL ?? '');
    const computations = Number(await redis.get(`${prefix}:computations`));
    await redis.quit();
    const reports = outputs.map(
      (output) => JSON.parse(output.stdout) as { values: string[]; stats: { singleFlightWaits: number } },
    );
    expect(computations).toBe(1);
    expect(reports.flatMap((report) => report.values)).toEqual(['computed', 'computed', 'computed']);
    expect(reports.reduce((sum, report) => sum + report.stats.singleFlightWaits, 0)).toBe(149);
  });
});
