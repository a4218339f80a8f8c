import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/server/env';

describe('the environment schema', () => {
  it('defaults BETTER_AUTH_URL to the port the server listens on', () => {
    expect(parseEnv({ PORT: '4000' }).BETTER_AUTH_URL).toBe('http://localhost:4000');
    expect(parseEnv({}).BETTER_AUTH_URL).toBe('http://localhost:3000');
    expect(parseEnv({ PORT: '4000', BETTER_AUTH_URL: 'https://tally.example' }).BETTER_AUTH_URL).toBe('https://tally.example');
  });

  it('writes down the cache handler defaults the README states', () => {
    expect(parseEnv({})).toMatchObject({ TALLY_CACHE_PREFIX: 'tally', TALLY_CACHE_LOCAL_MB: 64 });
    expect(parseEnv({ TALLY_CACHE_PREFIX: '' }).TALLY_CACHE_PREFIX).toBe('tally');
  });

  it('refuses a flag that is not 0 or 1', () => {
    expect(() => parseEnv({ TALLY_TEST_SWITCHES: 'yes' })).toThrow(/TALLY_TEST_SWITCHES/);
  });
});
