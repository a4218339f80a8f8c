import 'server-only';
import { ROOT_CONTEXT, trace, type Context } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { workAsyncStorage } from 'next/dist/server/app-render/work-async-storage.external';
import { traceCacheHandler } from './handler-spans';
import { logger } from './logger';
import { metrics } from './metrics';

const REQUEST_SPAN = 'BaseServer.handleRequest';
const MIDDLEWARE_SPAN = 'Middleware.execute';

interface OpenRequest {
  span: Span;
  spanId: string;
  /** The pass that ran proxy.ts: when it lets the request through, the render pass after it is the request. */
  middlewarePass: boolean;
  userId?: string;
  orgId?: string;
}

// Keyed by trace id (every span of a request joins its trace). On globalThis: the processor lives in
// instrumentation's bundle, annotateRequest is called from the app's.
const holder = globalThis as typeof globalThis & {
  __tallyOpenRequests?: Map<string, OpenRequest[]>;
  __tallyRequestOfWork?: WeakMap<object, Context>;
};
const open = (holder.__tallyOpenRequests ??= new Map<string, OpenRequest[]>());
/**
 * Next runs a `'use cache'` body in a clean AsyncLocalStorage snapshot (use-cache-wrapper.js), which
 * drops the request's trace context; it restores only the render's WorkStore. So the request's context
 * is remembered per WorkStore, while the render starts its own spans, and found again from inside.
 */
const requestOfWork = (holder.__tallyRequestOfWork ??= new WeakMap<object, Context>());

let handlerTraced = false;

export interface RequestSpanOptions {
  /**
   * Wrap the Redis handler's calls in spans. Only worth it when spans leave the process: a span is made
   * for every `'use cache'` read, most of them local hits, and unexported it would cost every page
   * CPU for nothing.
   */
  traceCacheHandler: boolean;
}

const spanType = (span: ReadableSpan | Span) => (span as ReadableSpan).attributes['next.span_type'];

/**
 * Turns Next's own request spans (which carry method, route pattern and status) into the request
 * histogram and one log line per request, with the user and org that `annotateRequest` recorded.
 */
export class RequestSpanProcessor implements SpanProcessor {
  constructor(private readonly options: RequestSpanOptions) {}

  onStart(span: Span, _parent: Context): void {
    const { traceId, spanId } = span.spanContext();
    const type = spanType(span);
    if (type === REQUEST_SPAN) {
      // Next loads the cache handler on its first use; from then on its calls are traced.
      if (this.options.traceCacheHandler && !handlerTraced) handlerTraced = traceCacheHandler();
      open.set(traceId, [...(open.get(traceId) ?? []), { span, spanId, middlewarePass: false }]);
    } else if (type === MIDDLEWARE_SPAN) {
      const passes = open.get(traceId);
      if (passes?.length) passes[passes.length - 1]!.middlewarePass = true;
    }
    const request = open.get(traceId)?.at(-1);
    const work = request && workAsyncStorage.getStore();
    if (work && !requestOfWork.has(work)) requestOfWork.set(work, trace.setSpan(ROOT_CONTEXT, request.span));
  }

  onEnd(span: ReadableSpan): void {
    if (spanType(span) !== REQUEST_SPAN) return;
    const { traceId, spanId } = span.spanContext();
    const passes = open.get(traceId) ?? [];
    const pass = passes.find((candidate) => candidate.spanId === spanId);
    const remaining = passes.filter((candidate) => candidate !== pass);
    if (remaining.length > 0) open.set(traceId, remaining);
    else open.delete(traceId);

    const attributes = span.attributes;
    const status = Number(attributes['http.status_code'] ?? 0);
    // A proxy pass that let the request through (200) is followed by the render pass, counted on its own.
    if (pass?.middlewarePass && status === 200) {
      const next = remaining.at(-1);
      if (next) Object.assign(next, { userId: pass.userId, orgId: pass.orgId });
      return;
    }
    const method = String(attributes['http.method'] ?? 'GET');
    const route = String(attributes['next.route'] ?? attributes['http.route'] ?? 'unmatched');
    const durationMs = hrTimeToMilliseconds(span.duration);
    metrics().httpRequestDuration.observe({ method, route, status: String(status) }, durationMs / 1000);
    // The path without its query string: tokens (invitations, password resets) travel there.
    const path = String(attributes['http.target'] ?? '').split('?')[0] ?? '';
    // Build assets are counted, not logged: a line per script of every page view buries the requests.
    if (path.startsWith('/_next/static/')) return;
    logger.info(
      {
        requestId: traceId,
        method,
        route,
        path,
        status,
        durationMs: Math.round(durationMs),
        userId: pass?.userId,
        orgId: pass?.orgId,
      },
      'request',
    );
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Records who the current request is for, for its log line; a no-op outside a request. */
export function annotateRequest(who: { userId: string; orgId?: string | null }): void {
  const traceId = trace.getActiveSpan()?.spanContext().traceId;
  const pass = traceId ? open.get(traceId)?.at(-1) : undefined;
  if (!pass) return;
  pass.userId = who.userId;
  pass.orgId = who.orgId ?? undefined;
}

/** Requests that started and have not finished, for the SIGTERM drain. */
export function inFlightRequests(): number {
  return open.size;
}

/** The trace context of the request whose render is running, also inside a `'use cache'` body. */
export function renderingRequestContext(): Context | undefined {
  const work = workAsyncStorage.getStore();
  return work ? requestOfWork.get(work) : undefined;
}
