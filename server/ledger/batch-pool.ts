// The pool appends wait in (as Sunlight pools certificates): the first one to arrive waits a few
// milliseconds for company, then everything that arrived is handled as one batch; what arrives while a
// batch is being handled forms the next one, without waiting again. One batch at a time per instance.

export interface Pooled<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

export class BatchPool<T, R> {
  private waiting: Pooled<T, R>[] = [];
  private running = false;

  constructor(
    /** Handles a batch and settles every member of it (resolve or reject), never throwing. */
    private readonly handle: (batch: Pooled<T, R>[]) => Promise<void>,
    private readonly waitMs: number,
    private readonly maxBatch: number,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.running) {
        this.running = true;
        setTimeout(() => void this.drain(), this.waitMs);
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      try {
        await this.handle(batch);
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    this.running = false;
  }
}
