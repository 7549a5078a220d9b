import { join } from "node:path";
import { DurableStore } from "../../store/durable-store.ts";

/**
 * How one kind of definition is written to the log and read back. `encode` returns plain JSON (Dates as epoch
 * ms, runtime-only parts left out); `decode` rebuilds the live record from it.
 */
export interface DefinitionCodec<T> {
  encode(value: T): unknown;
  decode(stored: unknown): T;
}

/**
 * A codec for records that are plain JSON apart from some Date members: those are stored as epoch ms. `omit`
 * names runtime-only members (left out on disk, rebuilt by `restore` on the way back).
 */
export function recordCodec<T extends object>(options: { dates?: readonly (keyof T)[]; omit?: readonly (keyof T)[]; restore?: (stored: T) => T } = {}): DefinitionCodec<T> {
  const dates = (options.dates ?? []).map(String);
  const omit = new Set((options.omit ?? []).map(String));
  return {
    encode(value) {
      const out: Record<string, unknown> = {};
      for (const [key, member] of Object.entries(value)) {
        if (omit.has(key) || member === undefined) continue;
        out[key] = dates.includes(key) && member instanceof Date ? member.getTime() : member;
      }
      return out;
    },
    decode(stored) {
      const record = { ...(stored as Record<string, unknown>) };
      for (const key of dates) {
        const ms = record[key];
        if (typeof ms === "number") record[key] = new Date(ms);
      }
      const value = record as T;
      return options.restore ? options.restore(value) : value;
    },
  };
}

/**
 * One kind of GameLift definition (locations, fleets, aliases, queues, …): the live records keyed by id or
 * name, each change written to the durable log (fsync'd) before save()/delete() return. Records are the live
 * objects the model works with; after changing one, save() it again.
 */
export class DefinitionTable<T> {
  private readonly live = new Map<string, T>();

  private readonly store: DurableStore;
  private readonly collection: string;
  private readonly codec: DefinitionCodec<T>;
  constructor(store: DurableStore, collection: string, codec: DefinitionCodec<T>) {
    this.store = store;
    this.collection = collection;
    this.codec = codec;
    for (const [key, stored] of store.entries<unknown>(collection)) this.live.set(key, codec.decode(stored));
  }

  get size(): number {
    return this.live.size;
  }

  get(key: string): T | undefined {
    return this.live.get(key);
  }

  has(key: string): boolean {
    return this.live.has(key);
  }

  /** In creation order (a record saved again keeps its place). */
  values(): IterableIterator<T> {
    return this.live.values();
  }

  keys(): IterableIterator<string> {
    return this.live.keys();
  }

  /** Adds or replaces the record under `key`; on disk when this returns. */
  save(key: string, value: T): void {
    this.store.put(this.collection, key, this.codec.encode(value));
    this.live.set(key, value);
  }

  delete(key: string): void {
    this.store.delete(this.collection, key);
    this.live.delete(key);
  }
}

/**
 * GameLift's definitions, in `<stateDir>/gamelift.jsonl` (or in memory without a state dir). What GameLift keeps
 * in its control plane lives here and survives a restart; what lives in its hosting processes (game sessions,
 * player sessions, computes, server processes, placements) does not.
 */
export class GameLiftDefinitions {
  private readonly kinds = new Set<string>();

  private readonly store: DurableStore;
  private constructor(store: DurableStore) {
    this.store = store;
  }

  static open(stateDir: string | undefined): GameLiftDefinitions {
    return new GameLiftDefinitions(stateDir === undefined ? DurableStore.inMemory() : DurableStore.open(join(stateDir, "gamelift.jsonl")));
  }

  /**
   * The table for one kind of definition, loaded from the log. `kind` is the collection name on disk: keep it
   * stable once released. Each kind is opened once per stack.
   */
  table<T>(kind: string, codec: DefinitionCodec<T> = recordCodec<T & object>() as DefinitionCodec<T>): DefinitionTable<T> {
    if (this.kinds.has(kind)) throw new Error(`GameLift definition kind ${kind} is already open`);
    this.kinds.add(kind);
    return new DefinitionTable<T>(this.store, kind, codec);
  }

  close(): void {
    this.store.close();
  }
}
