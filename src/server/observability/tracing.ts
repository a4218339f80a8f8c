import 'server-only';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { env } from '@/server/env';
import { instanceName } from '@/server/instance';
import { RequestSpanProcessor } from './request-spans';

const holder = globalThis as typeof globalThis & { __tallyTracing?: NodeTracerProvider };

/**
 * Installs the process's tracer provider. It is always installed: Next only records its request spans
 * (route, status, duration: the request metrics and log lines) when a provider is registered. Spans
 * leave the process only when OTEL_EXPORTER_OTLP_ENDPOINT is set (OTLP over HTTP; the exporter reads
 * the standard OTEL_EXPORTER_OTLP_* variables itself).
 */
export function startTracing(service: 'tally-web' | 'tally-worker'): NodeTracerProvider {
  if (holder.__tallyTracing) return holder.__tallyTracing;
  const exporting = Boolean(env().OTEL_EXPORTER_OTLP_ENDPOINT);
  const processors: SpanProcessor[] = [new RequestSpanProcessor({ traceCacheHandler: exporting })];
  if (exporting) processors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'service.instance.id': instanceName() }),
    spanProcessors: processors,
  });
  provider.register();
  holder.__tallyTracing = provider;
  return provider;
}

/** Sends the spans still buffered (at shutdown). */
export async function flushTracing(): Promise<void> {
  await holder.__tallyTracing?.forceFlush();
}
