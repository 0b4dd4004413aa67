// The ledger reconciler as a periodic job (server/ledger/ledger.ts does the work: finishing half-done
// appends, filling tree hashes and checkpoints); here it gets its lease, schedule and run counts.
import type { RegistryContext } from '../context.ts';
import { everySeconds, runCounted } from './periodic.ts';

/** At start-up, before requests come in: no lease, every instance finishes what it can see. */
export async function reconcileNow(ctx: RegistryContext) {
  const outcome = await runCounted(ctx, 'reconciler', async () => {
    await ctx.ledger.reconcile();
    return true;
  });
  if (outcome === 'failed') throw new Error('The ledger reconciler failed at start-up; see the log above.');
}

export function startReconciler(ctx: RegistryContext): () => Promise<void> {
  return everySeconds(ctx, 'reconciler', ctx.config.ledger.reconcileSeconds, () => ctx.ledger.reconcile());
}
