// The ledger's one concurrency limiter: reads of the entry store and the verifier's proof requests both
// go through it.

export interface MapLimitedOptions {
  /** Called after each successful call with the number done so far. */
  onDone?: (done: number) => void;
  /** Failures this accepts are thrown before any other (e.g. a verdict before a network error). */
  prefer?: (error: unknown) => boolean;
}

/**
 * Maps 0 … count-1 through `task` with at most `limit` calls in flight and returns the results in order.
 * After a failure no new call starts; the ones in flight finish, and then the failure of the lowest index
 * is thrown (among the preferred ones first), so the failure reported does not depend on timing.
 */
export async function mapLimited<R>(
  count: number,
  limit: number,
  task: (index: number) => Promise<R>,
  options: MapLimitedOptions = {},
): Promise<R[]> {
  const results = new Array<R>(count);
  const failures: { index: number; error: unknown }[] = [];
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (failures.length === 0 && next < count) {
      const index = next;
      next += 1;
      try {
        results[index] = await task(index);
        done += 1;
        options.onDone?.(done);
      } catch (error) {
        failures.push({ index, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), count) }, worker));
  if (failures.length === 0) return results;
  failures.sort((a, b) => a.index - b.index);
  const { prefer } = options;
  const preferred = prefer === undefined ? undefined : failures.find((f) => prefer(f.error));
  throw (preferred ?? failures[0]).error;
}
