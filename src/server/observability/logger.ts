import 'server-only';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Anything that could carry a credential is censored before a line is written, wherever it sits in
 * a logged object one or two levels down (pino's redaction matches fixed paths, not any depth).
 */
const SECRET_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'cookie',
  'cookies',
  'authorization',
  'set-cookie',
  'token',
  'sessionToken',
  'secret',
];
export const REDACTED_PATHS = SECRET_KEYS.flatMap((key) => [`["${key}"]`, `*["${key}"]`, `*.*["${key}"]`]);

// Read from process.env, not env(): the logger must work to report an invalid environment.
function wantsPretty(): boolean {
  const format = process.env.TALLY_LOG_FORMAT;
  return format ? format === 'pretty' : process.env.NODE_ENV === 'development';
}

/** pino-pretty is a dev dependency: loaded only when asked for, as a synchronous stream (no worker thread). */
function prettyStream(): DestinationStream | undefined {
  if (!wantsPretty()) return undefined;
  const pretty = createRequire(join(process.cwd(), 'package.json'))('pino-pretty') as (options: object) => DestinationStream;
  return pretty({ sync: true, colorize: true, ignore: 'pid,hostname' });
}

/** A logger with Tally's settings; `destination` for tests, stdout otherwise. */
export function createLogger(destination: DestinationStream | undefined = prettyStream()): Logger {
  return pino(
    {
      level: process.env.TALLY_LOG_LEVEL ?? 'info',
      base: { service: 'tally', ...(process.env.TALLY_INSTANCE ? { instance: process.env.TALLY_INSTANCE } : {}) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

// One logger per process, however many bundler module scopes load this file.
const holder = globalThis as typeof globalThis & { __tallyLogger?: Logger };

/** The process's structured logger: JSON lines on stdout (pretty in `next dev` or with TALLY_LOG_FORMAT=pretty). */
export const logger: Logger = (holder.__tallyLogger ??= createLogger());
