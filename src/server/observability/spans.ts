import 'server-only';
import {
  context,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanKind,
} from '@opentelemetry/api';

const tracer = () => trace.getTracer('tally');

/** redirect(), notFound() and friends throw to steer Next; they are not failures. */
function isNextControlFlow(error: unknown): boolean {
  const digest = (error as { digest?: unknown } | null)?.digest;
  return typeof digest === 'string' && digest.startsWith('NEXT_');
}

export interface SpanOptions {
  attributes?: Attributes;
  kind?: SpanKind;
  links?: Link[];
  /** A new trace, whatever is active (a job woken from inside a request is not part of it). */
  root?: boolean;
  /** The parent when nothing is active (a `'use cache'` body, which Next runs detached from its request). */
  fallbackParent?: Context;
}

/** Runs `fn` inside a span that is the active one for everything it calls, recording a failure on it. */
export function inSpan<T>(name: string, { fallbackParent, ...options }: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  const parent = trace.getActiveSpan() || !fallbackParent ? context.active() : fallbackParent;
  return tracer().startActiveSpan(name, options, parent, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      if (!isNextControlFlow(error)) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The current request's id in logs: its trace id, so a log line leads to the trace and back. */
export function currentRequestId(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  return context && trace.isSpanContextValid(context) ? context.traceId : undefined;
}
