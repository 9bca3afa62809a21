import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one app instance (its own registry, so tests can build several apps). */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDurationSeconds: Histogram<'method' | 'route'>;
  redirects: Counter<'outcome'>;
  /**
   * Redirect outcomes counted as plain numbers on the redirect path (no label hashing per
   * request), added to `redirects` whenever it is read.
   */
  redirectsPending: Record<RedirectOutcome, number>;
  clicksFlushed: Counter<'counted'>;
  clickFlushFailures: Counter;
  usageEvents: Counter<'result'>;
}

export type RedirectOutcome = 'click' | 'bot' | 'unknown_code' | 'lookup_failed';

export function createMetrics(options: { collectProcessMetrics: boolean }): Metrics {
  const registry = new Registry();
  const redirectsPending: Record<RedirectOutcome, number> = {
    click: 0,
    bot: 0,
    unknown_code: 0,
    lookup_failed: 0,
  };
  if (options.collectProcessMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: 'emdash_http_requests_total',
      help: 'API requests by route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDurationSeconds: new Histogram({
      name: 'emdash_http_request_duration_seconds',
      help: 'API request duration',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    redirects: new Counter({
      name: 'emdash_redirects_total',
      help: 'Click redirects by outcome (click, bot, unknown_code, lookup_failed, click_dropped)',
      labelNames: ['outcome'],
      registers: [registry],
      collect() {
        for (const outcome of Object.keys(redirectsPending) as RedirectOutcome[]) {
          const count = redirectsPending[outcome];
          if (count === 0) continue;
          redirectsPending[outcome] = 0;
          this.inc({ outcome }, count);
        }
      },
    }),
    redirectsPending,
    clicksFlushed: new Counter({
      name: 'emdash_clicks_flushed_total',
      help: 'Clicks written to the database, by whether they counted',
      labelNames: ['counted'],
      registers: [registry],
    }),
    clickFlushFailures: new Counter({
      name: 'emdash_click_flush_failures_total',
      help: 'Click batches that failed to write and were retried',
      registers: [registry],
    }),
    usageEvents: new Counter({
      name: 'emdash_usage_events_total',
      help: 'Usage events by result (accepted, duplicate, ignored, rejected)',
      labelNames: ['result'],
      registers: [registry],
    }),
  };
}
