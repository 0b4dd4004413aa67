// The bound on public reads that do work (an answer not cached yet): at most `inFlight` run at once and
// `waiting` more wait their turn; a read beyond those is refused (503, Retry-After), so anonymous load
// cannot hold the database against signed-in users. The limiting itself is the project's one
// concurrency limiter (mapLimited): waiting reads are run in turns, each turn through it.
import type { RegistryContext } from '../context.ts';
import { problems } from '../errors.ts';
import { mapLimited } from '../ledger/concurrency.ts';

export class ReadGate {
  private waiting: (() => Promise<void>)[] = [];
  /** Reads accepted and not started yet (in `waiting`, or in the turn being run). */
  private queued = 0;
  private draining = false;

  constructor(
    private readonly inFlight: number,
    private readonly maxWaiting: number,
  ) {}

  run<T>(task: () => Promise<T>): Promise<T> {
    if (this.queued >= this.maxWaiting) {
      return Promise.reject(
        problems.unavailable('The public registry is busy; try again shortly.', { headers: { 'Retry-After': '1' } }),
      );
    }
    return new Promise<T>((resolve, reject) => {
      // Never rejects: mapLimited stops starting calls after a failure, and one read's 404 is not another's.
      this.queued++;
      this.waiting.push(() => {
        this.queued--;
        return task().then(resolve, reject);
      });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (this.waiting.length > 0) {
      const turn = this.waiting.splice(0);
      await mapLimited(turn.length, this.inFlight, (i) => turn[i]());
    }
    this.draining = false;
  }
}

const gates = new WeakMap<RegistryContext, ReadGate>();

/** The app instance's gate for public reads. */
export function readGate(ctx: RegistryContext): ReadGate {
  let gate = gates.get(ctx);
  if (!gate) {
    gate = new ReadGate(ctx.config.publicReads.inFlight, ctx.config.publicReads.waiting);
    gates.set(ctx, gate);
  }
  return gate;
}
