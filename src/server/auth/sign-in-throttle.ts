import 'server-only';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { sharedLimiter, type Budget } from './throttle-store';

/**
 * Two separate budgets, so that an attacker guessing one person's password locks only that account,
 * and one place guessing many accounts is stopped without touching accounts guessed from elsewhere.
 * Only failures count: a successful sign-in gives its point back (and clears the account's count).
 */
export const SIGN_IN_BUDGETS = {
  /** One account, from any address. */
  account: { points: 5, duration: 15 * 60 },
  /** One client address, any accounts: room for a shared office, and for the people next to an attacker. */
  address: { points: 30, duration: 15 * 60 },
} as const satisfies Record<string, Budget>;

export interface SignInAttempt {
  email: string;
  /** From `clientAddress()`. */
  address: string;
}

export type Throttled<T> = { ok: true; value: T } | { ok: false; retryAfterSeconds: number };

type Limiters = Record<keyof typeof SIGN_IN_BUDGETS, RateLimiterAbstract>;
const holder = globalThis as typeof globalThis & { __tallySignInLimiters?: Promise<Limiters> };

function limiters(): Promise<Limiters> {
  holder.__tallySignInLimiters ??= Promise.all([
    sharedLimiter('sign-in:account', SIGN_IN_BUDGETS.account),
    sharedLimiter('sign-in:address', SIGN_IN_BUDGETS.address),
  ]).then(([account, address]) => ({ account, address }));
  return holder.__tallySignInLimiters;
}

/** Emails differ only in case and surrounding space for Better Auth too, so they share one count. */
export const accountKey = (email: string) => email.trim().toLowerCase();

/** Takes one point, or says how long until one is free. */
async function take(limiter: RateLimiterAbstract, key: string): Promise<{ retryAfterSeconds: number } | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return { retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
  }
}

/**
 * The one door to a password check, for the sign-in form and the JSON endpoint alike. Points are taken
 * before the check (so parallel guesses cannot all slip through) and the account first: once an
 * account is locked, further guesses at it cost the address nothing.
 */
export async function throttleSignIn<T>(
  attempt: SignInAttempt,
  check: () => Promise<{ succeeded: boolean; value: T }>,
): Promise<Throttled<T>> {
  const { account, address } = await limiters();
  const accountId = accountKey(attempt.email);
  const accountFull = await take(account, accountId);
  if (accountFull) return { ok: false, ...accountFull };
  const addressFull = await take(address, attempt.address);
  if (addressFull) {
    await account.reward(accountId, 1);
    return { ok: false, ...addressFull };
  }
  const outcome = await check();
  if (outcome.succeeded) await Promise.all([account.delete(accountId), address.reward(attempt.address, 1)]);
  return { ok: true, value: outcome.value };
}

export function tooManyAttemptsMessage(retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return `Too many sign-in attempts. Try again in ${minutes === 1 ? 'a minute' : `${minutes} minutes`}.`;
}
