// A bounded in-memory cache of full tiles and bundles. They never change once written (C2SP tlog-tiles),
// so nothing is ever invalidated: the least recently used one is dropped when the cache is full.
export class TileCache<V> {
  private readonly items = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.items.get(key);
    if (value !== undefined) {
      // Map keeps insertion order: re-inserting makes it the most recent.
      this.items.delete(key);
      this.items.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.items.delete(key);
    this.items.set(key, value);
    if (this.items.size > this.capacity) this.items.delete(this.items.keys().next().value!);
  }
}
