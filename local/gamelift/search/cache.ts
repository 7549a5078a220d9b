/**
 * A small least-recently-used map. Games send the same few filter strings over and over, so compiling each
 * once is most of the cost saved; the bound keeps a client that sends endless distinct strings from growing
 * memory (at most `capacity` entries of at most MAX_EXPRESSION_LENGTH characters each).
 */
export class LruCache<V> {
  private readonly entries = new Map<string, V>();

  private readonly capacity: number;
  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Map keeps insertion order: re-inserting moves the key to the most recent end.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
