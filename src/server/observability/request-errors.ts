import 'server-only';
import type { Instrumentation } from 'next';
import { logger } from './logger';
import { currentRequestId } from './spans';

type Parameters_ = Parameters<Instrumentation.onRequestError>;

/** Only the method, path (no query string: tokens travel there) and where it failed; never the headers (cookies). */
export function logRequestError(error: unknown, request: Parameters_[1], context: Parameters_[2]): void {
  const digest = (error as { digest?: unknown } | null)?.digest;
  logger.error(
    {
      err: error,
      requestId: currentRequestId(),
      method: request.method,
      path: request.path.split('?')[0],
      route: context.routePath,
      routeType: context.routeType,
      ...(typeof digest === 'string' ? { digest } : {}),
    },
    'request failed',
  );
}
