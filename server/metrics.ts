// Prometheus metrics for operators (GET /metrics). One registry per app, never prom-client's global one,
// so several apps in one process (the tests) keep their counts apart.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type JobOutcome = 'done' | 'skipped' | 'failed';

export interface RegistryMetrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  jobRuns: Counter<'job' | 'outcome'>;
  jobLastSuccess: Gauge<'job'>;
}

/** `ledgerSize` reads the signed tree's size when Prometheus scrapes. */
export function createMetrics(ledgerSize: () => Promise<number>): RegistryMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  new Gauge({
    name: 'sandbox_registry_ledger_entries',
    help: "Entries in the exemption ledger's Merkle tree (the size of the latest tree hashes stored)",
    registers,
    async collect() {
      // A scrape while the database is away keeps the last value rather than failing the whole scrape.
      const size = await ledgerSize().catch(() => undefined);
      if (size !== undefined) this.set(size);
    },
  });
  return {
    registry,
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by route template',
      labelNames,
      registers,
    }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer HTTP requests, by route template',
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    jobRuns: new Counter({
      name: 'sandbox_registry_job_runs_total',
      help: 'Runs of the periodic jobs (due-work, ledger reconciler): done, skipped (another instance holds the lease), failed',
      labelNames: ['job', 'outcome'] as const,
      registers,
    }),
    jobLastSuccess: new Gauge({
      name: 'sandbox_registry_job_last_success_timestamp_seconds',
      help: 'When each periodic job last finished without error (Unix time)',
      labelNames: ['job'] as const,
      registers,
    }),
  };
}
