import 'server-only';
import { redirect } from 'next/navigation';
import type { z } from 'zod';
import { ok, type Conflict, type Err, type Result } from '@/lib/result';
import type { Role } from '@/lib/roles';
import { writeAudit } from '@/server/audit';
import { authedAction, signedInAction } from '@/server/authed-action';
import type { CacheEvent, EventContext } from '@/server/cache/graph';
import { invalidate } from '@/server/cache/invalidate';
import { db } from '@/server/db/client';
import type { Db, Tx } from '@/server/db/open';
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
  /**
   * Whose tags the cache event reaches: the org always, plus the invoice or people it is about. Null
   * when the request changed nothing a cached read shows: the work went to a background job, which
   * invalidates when it is done (a long import). Then there is no audit row either.
   */
  event: EventContext | null;
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
  /**
   * The write, inside the transaction that also stores its audit row. A refusal (an error Result) rolls
   * back whatever `run` wrote before refusing, as a throw does: a send that lost a version race gives
   * the number it took back.
   */
  run(tx: Tx, input: z.output<S>, caller: CallerOf<A>): Promise<Result<Written<T>, C>>;
  /** After the commit, before the cache is told (making an accepted org the active one). */
  afterCommit?(data: T, caller: CallerOf<A>): Promise<void>;
  /** Where the user lands after a successful write (`data` names what it created), or null to hand the result to the form. */
  redirectTo(input: z.output<S>, caller: CallerOf<A>, data: T): string | null | Promise<string | null>;
}

/** Carries a refusal out of the transaction callback, so the transaction rolls back. */
class Refused extends Error {
  constructor(readonly refusal: Err | Conflict<unknown>) {
    super(refusal.message);
  }
}

/**
 * One write, named once: `name` is its form name (failed no-JavaScript posts), its audit action and
 * the cache event the invalidation graph fans out. `commit` is the transaction with its audit row and
 * nothing after it (tests and other domains call it; `on` picks the connection pool, where tests stand
 * in for several instances); `action` is the Server Action: caller -> Zod -> commit -> invalidate
 * (interactive) -> redirect.
 */
export function defineMutation<N extends CacheEvent, A extends Access, S extends z.ZodType, T, C = never>(
  name: N,
  definition: MutationDefinition<A, S, T, C>,
) {
  async function write(input: z.output<S>, caller: CallerOf<A>, on?: Db): Promise<Result<Written<T>, C>> {
    try {
      return await (on ?? (await db())).transaction(async (tx) => {
        const outcome = await definition.run(tx, input, caller);
        if (!outcome.ok) throw new Refused(outcome);
        const { event, audit } = outcome.data;
        if (event && audit) await writeAudit(tx, { orgId: event.orgId, actorId: caller.userId, action: name, ...audit });
        return outcome;
      });
    } catch (error) {
      if (error instanceof Refused) return error.refusal as Err | Conflict<C>;
      throw error;
    }
  }

  async function perform(input: z.output<S>, caller: CallerOf<A>): Promise<Result<T, C>> {
    const demo = demoAdapter();
    const refused = demo?.refuseWrite(name, input);
    if (refused) return refused;
    const written = await write(input, caller);
    if (!written.ok) return written;
    const { data, event } = written.data;
    await definition.afterCommit?.(data, caller);
    if (event) {
      await invalidate(name, event, 'interactive', {
        source: 'action',
        eventualFamilies: await demo?.eventualFamilies(name, event.orgId),
      });
    }
    const to = await definition.redirectTo(input, caller, data);
    if (to) redirect(to);
    return ok(data);
  }

  const access: Access = definition.access;
  const action =
    access === 'signedIn'
      ? signedInAction(definition.input, (input, caller) => perform(input, caller as CallerOf<A>), name)
      : authedAction(access, definition.input, (input, caller) => perform(input, caller as CallerOf<A>), name);

  return {
    name,
    action,
    async commit(caller: CallerOf<A>, input: z.output<S>, on?: Db): Promise<Result<T, C>> {
      const written = await write(input, caller, on);
      return written.ok ? ok(written.data.data) : written;
    },
  };
}
