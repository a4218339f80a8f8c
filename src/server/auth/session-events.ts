import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { revalidateTag } from 'next/cache';
import { tagsFor } from '@/server/cache/graph';

interface SessionRow {
  userId: string;
  activeOrganizationId?: string | null;
}

/** Set while the viewer lets Better Auth extend a session's expiry during a render (see viewer.ts). */
const expiryRefresh = new AsyncLocalStorage<true>();

export const duringExpiryRefresh = <T>(work: () => Promise<T>): Promise<T> => expiryRefresh.run(true, work);

/**
 * Expires the user's cached viewer entries now, on every instance: a session of theirs was signed out,
 * revoked, deleted or switched to another organization. `revalidateTag` with `expire: 0` rather than
 * `updateTag`, because Better Auth also ends sessions from its route handler, where `updateTag` throws.
 */
export function sessionChanged(session: SessionRow): void {
  // Extending the expiry is the only session write made while rendering (where invalidating throws);
  // it changes nothing the cached viewer shows, whose entry already ends where the refresh is due.
  if (expiryRefresh.getStore()) return;
  for (const { tag } of tagsFor('session.changed', { orgId: session.activeOrganizationId ?? '', userId: session.userId })) {
    revalidateTag(tag, { expire: 0 });
  }
}

/**
 * To be spread into Better Auth's `databaseHooks.session` (src/server/auth/auth.ts): every session update
 * and deletion, whichever endpoint or call makes it, reaches the cached viewer. viewer.ts caches the
 * viewer across requests only when these exact hooks are installed.
 */
export const viewerCacheSessionHooks = {
  update: { after: async (session: SessionRow) => sessionChanged(session) },
  delete: { after: async (session: SessionRow) => sessionChanged(session) },
};
