// A closed-loop load harness: `concurrency` workers each run one call after another until the time is
// up. Calls still in flight at the deadline finish and count, so a scenario slower than its duration
// still reports every call it made (throughput is calls over the time until the last one finished).
// The HTTP side and the driver side of a scenario both run through it, so their ratio is fair.

export interface LoadResult {
  requests: number;
  errors: number;
  /** The first error's message, to say what went wrong. */
  firstError: string | null;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/** The p-th percentile (nearest rank) of sorted latencies. */
export const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN;

/** Runs `call(i)` (i counts calls across workers) from `concurrency` workers for `seconds`. */
export async function runLoad(
  call: (i: number) => Promise<void>,
  opts: { concurrency: number; seconds: number },
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let issued = 0;
  const t0 = performance.now();
  const deadline = t0 + opts.seconds * 1000;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      // Every worker makes at least one call, so a scenario slower than the duration is still measured.
      do {
        const t = performance.now();
        try {
          await call(issued++);
          latencies.push(performance.now() - t);
        } catch (err) {
          errors += 1;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      } while (performance.now() < deadline);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length + errors,
    errors,
    firstError,
    seconds,
    perSecond: (latencies.length + errors) / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}
