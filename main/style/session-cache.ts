/**
 * Generated sessions kept per image size, least recently used first out: a
 * stylization uses at most two sizes (coarse-to-fine) plus the style images'
 * sizes, and each session holds a model's worth of memory, so only a few are kept.
 * A build that fails is forgotten (the next call retries); an evicted or
 * disposed entry is released once it has finished building.
 */
export class SessionCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(
    private readonly release: (value: T) => Promise<void>,
    private readonly capacity = 4,
  ) {}

  /** The entry for `key`, built by `make` on a miss. */
  get(key: string, make: () => Promise<T>): Promise<T> {
    let p = this.entries.get(key);
    if (p) {
      // Re-insert: Map order doubles as least-recently-used order.
      this.entries.delete(key);
      this.entries.set(key, p);
      return p;
    }
    p = make();
    p.catch(() => this.entries.get(key) === p && this.entries.delete(key));
    this.entries.set(key, p);
    while (this.entries.size > this.capacity) {
      const [oldKey, old] = this.entries.entries().next().value as [string, Promise<T>];
      this.entries.delete(oldKey);
      old.then(this.release, () => {});
    }
    return p;
  }

  /** Release every entry. */
  async clear(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.allSettled(all.map(async (p) => this.release(await p)));
  }
}
