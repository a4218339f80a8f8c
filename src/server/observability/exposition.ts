import 'server-only';
import { collectDefaultMetrics } from 'prom-client';
import { instanceName } from '@/server/instance';
import { registerHandlerCollectors } from './handler-collectors';
import { metrics } from './metrics';
import { registerQueueCollectors } from './queue-collectors';

const holder = globalThis as typeof globalThis & { __tallyCollectorsRegistered?: boolean };

/** The Prometheus text exposition of this process, every series labelled with its instance. */
export async function scrapeMetrics(): Promise<{ contentType: string; body: string }> {
  const { registry } = metrics();
  if (!holder.__tallyCollectorsRegistered) {
    holder.__tallyCollectorsRegistered = true;
    registry.setDefaultLabels({ instance_id: instanceName() });
    collectDefaultMetrics({ register: registry, prefix: 'tally_process_' });
    registerHandlerCollectors(registry);
    registerQueueCollectors(registry);
  }
  return { contentType: registry.contentType, body: await registry.metrics() };
}
