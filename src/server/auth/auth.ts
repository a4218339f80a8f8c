import 'server-only';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { nextCookies } from 'better-auth/next-js';
import { organization as organizationPlugin } from 'better-auth/plugins';
import { asc, eq } from 'drizzle-orm';
import { env, isDemoMode } from '@/server/env';
import { db } from '@/server/db/client';
import type { Db } from '@/server/db/open';
import { viewerCacheSessionHooks } from './session-events';
import { account, invitation, member, organization, session, user, verification } from '@/server/db/schema';

// Demo mode runs with no configuration; a real deployment must set its own secret.
const DEMO_SECRET = 'tally-demo-secret-not-for-production-0123456789';

function createAuth(database: Db) {
  const config = env();
  const secret = config.BETTER_AUTH_SECRET ?? (isDemoMode() || config.NODE_ENV !== 'production' ? DEMO_SECRET : undefined);
  if (!secret) throw new Error('BETTER_AUTH_SECRET must be set (32+ characters) outside demo mode.');
  return betterAuth({
    secret,
    baseURL: config.BETTER_AUTH_URL ?? 'http://localhost:3000',
    database: drizzleAdapter(database, {
      provider: 'pg',
      schema: { user, session, account, verification, organization, member, invitation },
    }),
    // Sign-up is for the server only: an invitation's sign-up writes the account in its own locked
    // transaction (src/server/team/join.ts); ./http-surface.ts keeps every path it does not list closed.
    emailAndPassword: { enabled: true },
    // One throttle for every sign-in path, in the shared store: ./sign-in-throttle.ts (its own is per process and trusts X-Forwarded-For).
    rateLimit: { enabled: false },
    // Only the endpoints in ./http-surface.ts are reachable over HTTP; Tally's writes are Server Actions.
    plugins: [organizationPlugin(), nextCookies()],
    databaseHooks: {
      session: {
        // Every session update or delete (sign-out, revocation, org switch, expiry) expires that user's
        // cached viewer on every instance (docs/decisions/016).
        ...viewerCacheSessionHooks,
        create: {
          // A fresh session starts in the user's first organization, so every page has an active org.
          before: async (newSession) => {
            const [first] = await database
              .select({ orgId: member.organizationId })
              .from(member)
              .where(eq(member.userId, newSession.userId))
              .orderBy(asc(member.createdAt), asc(member.organizationId))
              .limit(1);
            return { data: { ...newSession, activeOrganizationId: first?.orgId ?? null } };
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

const holder = globalThis as typeof globalThis & { __tallyAuth?: Promise<Auth> };

/** Created on first use, after the database is open (never at import: `next build` loads this module). */
export function auth(): Promise<Auth> {
  holder.__tallyAuth ??= db().then(createAuth);
  return holder.__tallyAuth;
}
