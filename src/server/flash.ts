import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { tallyPagePath } from '@/lib/tally-paths';
import type { CacheEvent } from '@/server/cache/graph';
import { db } from '@/server/db/client';
import { formFlashes } from '@/server/db/schema';

/**
 * Progressive enhancement under Cache Components: every page is resumed from a prerendered shell, and
 * the resume render drops the form state a JavaScript-less form post returns. So a failed plain post
 * stores its state here and redirects back (Post/Redirect/Get); the page hands it to the form once.
 * See docs/decisions/006-forms-without-javascript.md. A write's form name is its mutation name
 * (src/server/mutation.ts).
 */
export type FormName =
  | CacheEvent
  // Writes with no graph event: signing in, and the inspector's demo switches.
  | 'auth.signIn'
  | 'inspector.misuse'
  | 'inspector.summary';

export interface Flash {
  form: FormName;
  state: unknown;
}

const TTL_MINUTES = 10;

/** Next's JavaScript-driven actions send a Next-Action header; a plain HTML form post does not. */
export async function isPlainFormPost(): Promise<boolean> {
  return !(await headers()).has('next-action');
}

/**
 * The Tally page the form was posted from: the Referer's path, only when the Referer is this origin
 * and the path is on the allow-list of Tally pages (so `//evil.example/x` never becomes a target).
 */
async function formPage(): Promise<string | null> {
  const requestHeaders = await headers();
  const referer = requestHeaders.get('referer');
  if (!referer) return null;
  try {
    const url = new URL(referer);
    if (url.host !== requestHeaders.get('host')) return null;
    url.searchParams.delete('flash');
    return tallyPagePath(`${url.pathname}${url.search}`);
  } catch {
    return null;
  }
}

/**
 * Called with a failed action state: without JavaScript, keeps the state and redirects back to the
 * form's page with `?flash=<id>`. With JavaScript it returns and `useActionState` gets the state.
 */
export async function sendBackWithoutJavaScript(form: FormName, state: unknown, userId: string | null): Promise<void> {
  if (!(await isPlainFormPost())) return;
  const page = await formPage();
  if (!page) return;
  const id = randomBytes(16).toString('base64url');
  const database = await db();
  await database.delete(formFlashes).where(lt(formFlashes.createdAt, sql`now() - make_interval(mins => ${TTL_MINUTES})`));
  await database.insert(formFlashes).values({ id, userId, form, state });
  redirect(`${page}${page.includes('?') ? '&' : '?'}flash=${id}`);
}

/** Reads a flash once: it must belong to this user (or to nobody, for sign-in) and be recent. */
export async function takeFlash(id: unknown, userId: string | null): Promise<Flash | null> {
  if (typeof id !== 'string' || !/^[\w-]{22}$/.test(id)) return null;
  const [row] = await (
    await db()
  )
    .delete(formFlashes)
    .where(
      and(
        eq(formFlashes.id, id),
        userId ? eq(formFlashes.userId, userId) : isNull(formFlashes.userId),
        gt(formFlashes.createdAt, sql`now() - make_interval(mins => ${TTL_MINUTES})`),
      ),
    )
    .returning();
  return row ? { form: row.form as FormName, state: row.state } : null;
}

export const flashFor = <S>(flash: Flash | null, form: FormName): S | null => (flash?.form === form ? (flash.state as S) : null);
