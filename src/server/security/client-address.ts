import 'server-only';
import { randomBytes } from 'node:crypto';
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { isIP, type Socket } from 'node:net';
import { env } from '@/server/env';

/**
 * Next 16 gives a Server Action or a route handler no socket address: it only fills
 * `X-Forwarded-For` with it when the client sent none, so a client can put anything there. So at
 * startup (src/instrumentation.ts) Tally copies each connection's address into a request header of
 * its own, before Next reads the request. The header's name is random per process, so no client can
 * send it. See docs/decisions/013.
 */
const holder = globalThis as typeof globalThis & { __tallySocketHeader?: string; __tallySocketStamped?: boolean };

export const UNKNOWN_ADDRESS = 'unknown';

export function socketAddressHeader(): string {
  holder.__tallySocketHeader ??= `x-tally-socket-${randomBytes(12).toString('hex')}`;
  return holder.__tallySocketHeader;
}

/** Once per process, before the first request: every request carries its socket address in `socketAddressHeader()`. */
export function stampSocketAddresses(): void {
  if (holder.__tallySocketStamped) return;
  holder.__tallySocketStamped = true;
  const name = socketAddressHeader();
  subscribe('http.server.request.start', (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[name] = socket.remoteAddress ?? '';
  });
}

function normalized(address: string | null | undefined): string | null {
  const bare = address
    ?.trim()
    .replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '')
    .toLowerCase();
  return bare && isIP(bare) ? bare : null;
}

/**
 * The client's address: the socket's with no trusted proxy, else the Nth address from the right of
 * `X-Forwarded-For` (each trusted proxy appends the address it was reached from). Anything missing
 * or malformed counts as one shared "unknown" address, so it can only make throttling stricter.
 */
export function clientAddress(requestHeaders: Headers, trustedProxies = env().TALLY_TRUSTED_PROXIES): string {
  const socket = normalized(requestHeaders.get(socketAddressHeader()));
  if (trustedProxies === 0) return socket ?? UNKNOWN_ADDRESS;
  const hops = (requestHeaders.get('x-forwarded-for') ?? '').split(',');
  return (hops.length >= trustedProxies ? normalized(hops.at(-trustedProxies)) : socket) ?? UNKNOWN_ADDRESS;
}
