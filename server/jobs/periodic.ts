// The periodic jobs' common frame: run now and every `seconds`, under a lease so that one instance of a
// scaled-out app does the work at a time, each run counted in the metrics (done, skipped, failed).
import type { RegistryContext } from '../context.ts';
import type { JobOutcome } from '../metrics.ts';

export type JobName = 'due-work' | 'reconciler';

/** Runs `work` once and records how it went; errors are logged and counted, never thrown. */
export async function runCounted(
  ctx: RegistryContext,
  job: JobName,
  work: () => Promise<boolean>,
): Promise<JobOutcome> {
  let outcome: JobOutcome;
  try {
    outcome = (await work()) ? 'done' : 'skipped';
  } catch (err) {
    ctx.logger.error({ err, job }, `${job} failed`);
    outcome = 'failed';
  }
  ctx.metrics.jobRuns.inc({ job, outcome });
  if (outcome === 'done') ctx.metrics.jobLastSuccess.set({ job }, ctx.now().getTime() / 1000);
  return outcome;
}

/** Starts the job; the returned function stops the timer and waits for a run in progress. */
export function everySeconds(
  ctx: RegistryContext,
  job: JobName,
  seconds: number,
  work: () => Promise<unknown>,
): () => Promise<void> {
  const ms = seconds * 1000;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = runCounted(ctx, job, async () => {
      // The lease outlives one period, so a slow run is not overtaken by another instance.
      if (!(await ctx.ledger.acquireLease(job, ms * 2))) return false;
      await work();
      return true;
    });
  };
  tick();
  const timer = setInterval(tick, ms);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
