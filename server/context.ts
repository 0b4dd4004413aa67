import type { Logger } from 'pino';
import type { Models } from '../models/index.ts';
import type { Config } from './config.ts';
import type { Ledger } from './ledger/ledger.ts';
import type { RegistryMetrics } from './metrics.ts';

/** What server/ functions need from the outside world; tests build it with their own clock. */
export interface RegistryContext {
  config: Config;
  models: Models;
  logger: Logger;
  /** Injectable clock: tests move time without waiting. */
  now: () => Date;
  ledger: Ledger;
  /** Per-app Prometheus registry (GET /metrics). */
  metrics: RegistryMetrics;
}
