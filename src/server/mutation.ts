import 'server-only';
import { redirect } from 'next/navigation';
import type { z } from 'zod';
import { ok, type Result } from '@/lib/result';
import type { Role } from '@/lib/roles';
import { writeAudit } from '@/server/audit';
import { authedAction, signedInAction } from '@/server/authed-action';
import type { CacheEvent, EventContext } from '@/server/cache/graph';
import { invalidate } from '@/server/cache/invalidate';
import { db } from '@/server/db/client';
import type { Tx } from '@/server/db/open';
import { demoAdapter } from '@/server/demo/adapter';

/** The caller inside an org; the role was checked at the choke point and is not needed past it. */
export interface Actor {
  userId: string;
  orgId: string;
}

/** A signed-in person acting for themselves, whatever their active org. */
export interface User {
  userId: string;
}

/** What a mutation's transaction produced, besides the data the action hands back. */
export interface Written<T> {
  data: T;
  /** Whose tags the cache event reaches: the org always, plus the invoice or people it is about. */
  event: EventContext;
  /** The audit row's subject and details; omitted when nothing changed (a replayed comment). */
  audit?: { subjectId: string; details?: Record<string, unknown> };
}

/**
 * `access`: the minimum role in the caller's active org, or 'signedIn' for what a person does for
 * themselves (leaving an org, accepting an invitation); the org then comes from the input.
 */
type Access = Role | 'signedIn';
type CallerOf<A extends Access> = A extends Role ? Actor : User;

export interface MutationDefinition<A extends Access, S extends z.ZodType, T, C> {
  access: A;
  input: S;
  /** The write, inside the transaction that also stores its audit row. */
  run(tx: Tx, input: z.output<S>, caller: CallerOf<A>): Promise<Result<Written<T>, C>>;
  /** After the commit, before the cache is told (making an accepted org the active one). */
  afterCommit?(data: T, caller: CallerOf<A>): Promise<void>;
  /** Where the user lands after a successful write, or null to hand the result back to the form. */
  redirectTo(input: z.output<S>, caller: CallerOf<A>): string | null | Promise<string | null>;
}

/**
 * One write, named once: `name` is its form name (failed no-JavaScript posts), its audit action and
 * the cache event the invalidation graph fans out. `commit` is the transaction with its audit row and
 * nothing after it (tests and other domains call it); `action` is the Server Action: caller -> Zod ->
 * commit -> invalidate (interactive) -> redirect.
 */
export function defineMutation<N extends CacheEvent, A extends Access, S extends z.ZodType, T, C = never>(
  name: N,
  definition: MutationDefinition<A, S, T, C>,
) {
  async function write(input: z.output<S>, caller: CallerOf<A>): Promise<Result<Written<T>, C>> {
    return (await db()).transaction(async (tx) => {
      const outcome = await definition.run(tx, input, caller);
      if (outcome.ok && outcome.data.audit) {
        await writeAudit(tx, { orgId: outcome.data.event.orgId, actorId: caller.userId, action: name, ...outcome.data.audit });
      }
      return outcome;
    });
  }

  async function perform(input: z.output<S>, caller: CallerOf<A>): Promise<Result<T, C>> {
    const demo = demoAdapter();
    const refused = demo?.refuseWrite(name, input);
    if (refused) return refused;
    const written = await write(input, caller);
    if (!written.ok) return written;
    await definition.afterCommit?.(written.data.data, caller);
    await invalidate(name, written.data.event, 'interactive', {
      source: 'action',
      eventualFamilies: await demo?.eventualFamilies(name, written.data.event.orgId),
    });
    const to = await definition.redirectTo(input, caller);
    if (to) redirect(to);
    return ok(written.data.data);
  }

  const access: Access = definition.access;
  const action =
    access === 'signedIn'
      ? signedInAction(definition.input, (input, caller) => perform(input, caller as CallerOf<A>), name)
      : authedAction(access, definition.input, (input, caller) => perform(input, caller as CallerOf<A>), name);

  return {
    name,
    action,
    async commit(caller: CallerOf<A>, input: z.output<S>): Promise<Result<T, C>> {
      const written = await write(input, caller);
      return written.ok ? ok(written.data.data) : written;
    },
  };
}
