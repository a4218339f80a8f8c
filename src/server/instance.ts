import 'server-only';
import { hostname } from 'node:os';
import { env } from '@/server/env';

/** Which server instance this process is, as shown in /inspector and the invalidation log. */
export function instanceName(): string {
  return env().TALLY_INSTANCE ?? `${hostname()}:${env().PORT}`;
}
