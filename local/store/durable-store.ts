import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";

interface LogEntry {
  c: string; // collection
  k: string; // key
  v?: unknown; // value; absent for a delete
}

/**
 * Keyed collections kept in memory and made durable in an append-only JSON-lines log: every write is on disk
 * (fsync) before put()/delete() return, so a service may acknowledge a request the moment they do, and a
 * `kill -9` right after loses nothing. Opening replays the log (a torn last line from a crash mid-write is
 * dropped) and compacts it.
 *
 * Hand-written because what is needed is small and exact: synchronous, fsync-before-acknowledge, no native
 * build (the embedded databases that offer this need one) and no server process to start.
 */
export class DurableStore {
  private readonly collections = new Map<string, Map<string, unknown>>();
  private fd: number;

  /** `file` undefined: the same collections with no log behind them (a stack started without a state dir). */
  private readonly file: string | undefined;
  private constructor(file: string | undefined) {
    this.file = file;
    this.fd = -1;
    if (file === undefined) return;
    mkdirSync(dirname(file), { recursive: true });
    if (existsSync(file)) this.replay(readFileSync(file, "utf8"));
    this.compact();
  }

  static open(file: string): DurableStore {
    return new DurableStore(file);
  }

  static inMemory(): DurableStore {
    return new DurableStore(undefined);
  }

  get<T>(collection: string, key: string): T | undefined {
    return this.collections.get(collection)?.get(key) as T | undefined;
  }

  has(collection: string, key: string): boolean {
    return this.collections.get(collection)?.has(key) ?? false;
  }

  values<T>(collection: string): T[] {
    return [...(this.collections.get(collection)?.values() ?? [])] as T[];
  }

  /** Key and value pairs of one collection, in the order the keys were first written. */
  entries<T>(collection: string): [string, T][] {
    return [...(this.collections.get(collection)?.entries() ?? [])] as [string, T][];
  }

  put<T>(collection: string, key: string, value: T): void {
    // Round-trip through JSON so what is kept in memory is exactly what a restart will read back.
    const stored = JSON.parse(JSON.stringify(value)) as T;
    this.append({ c: collection, k: key, v: stored });
    this.map(collection).set(key, stored);
  }

  delete(collection: string, key: string): void {
    if (!this.has(collection, key)) return;
    this.append({ c: collection, k: key });
    this.map(collection).delete(key);
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  /** Rewrites the log as one entry per live key: written aside, synced, then renamed over the old log. */
  compact(): void {
    if (this.file === undefined) return;
    this.close();
    const tmp = `${this.file}.tmp`;
    const fd = openSync(tmp, "w", 0o600);
    for (const [c, entries] of this.collections) {
      for (const [k, v] of entries) writeSync(fd, JSON.stringify({ c, k, v }) + "\n");
    }
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, this.file);
    const dir = openSync(dirname(this.file), "r");
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    this.fd = openSync(this.file, "a", 0o600);
  }

  private append(entry: LogEntry): void {
    if (this.file === undefined) return;
    if (this.fd < 0) throw new Error(`durable store ${this.file} is closed`);
    writeSync(this.fd, JSON.stringify(entry) + "\n");
    fsyncSync(this.fd);
  }

  private map(collection: string): Map<string, unknown> {
    let m = this.collections.get(collection);
    if (!m) this.collections.set(collection, (m = new Map()));
    return m;
  }

  private replay(text: string): void {
    const lines = text.split("\n");
    for (const [i, line] of lines.entries()) {
      if (line.trim() === "") continue;
      let entry: LogEntry;
      try {
        entry = JSON.parse(line) as LogEntry;
      } catch {
        // Only the last line can be torn by a crash mid-write; anything else is damage worth refusing loudly.
        if (i >= lines.length - 2) continue;
        throw new Error(`durable store ${this.file} is damaged at line ${i + 1}`);
      }
      if ("v" in entry) this.map(entry.c).set(entry.k, entry.v);
      else this.map(entry.c).delete(entry.k);
    }
  }
}
