import { handleMetricsScrape } from '@/server/observability/metrics-endpoint';

export const GET = handleMetricsScrape;
