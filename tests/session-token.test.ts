import { makeSignature } from 'better-auth/crypto';
import { describe, expect, it } from 'vitest';
import { signedSessionToken } from '@/server/auth/session-token';

const NAME = 'better-auth.session_token';
const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

/** The cookie as Better Auth sets it: `<token>.<signature>`, URL-encoded. */
const cookieFor = async (token: string, secret = SECRET) =>
  `${NAME}=${encodeURIComponent(`${token}.${await makeSignature(token, secret)}`)}`;

describe('signedSessionToken', () => {
  it("reads the token from Better Auth's signed cookie among others", async () => {
    expect(signedSessionToken(`theme=dark; ${await cookieFor('tok123')}; other=1`, NAME, SECRET)).toBe('tok123');
  });

  it('refuses a cookie signed with another secret, a tampered token, and a missing or malformed cookie', async () => {
    expect(signedSessionToken(await cookieFor('tok123', `${SECRET}-other`), NAME, SECRET)).toBeNull();
    expect(signedSessionToken((await cookieFor('tok123')).replace('tok123', 'tok124'), NAME, SECRET)).toBeNull();
    expect(signedSessionToken(null, NAME, SECRET)).toBeNull();
    expect(signedSessionToken('theme=dark', NAME, SECRET)).toBeNull();
    expect(signedSessionToken(`${NAME}=no-signature`, NAME, SECRET)).toBeNull();
    expect(signedSessionToken(`${NAME}=%E0%A4%A`, NAME, SECRET)).toBeNull();
  });
});
