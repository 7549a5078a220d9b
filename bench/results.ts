// bench/results.json: every row of the run as { id, value, unit, peer?, peerValue? }, merged into what earlier
// runs wrote, so `npm run bench -- <name>` updates its own rows and keeps the others.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { BenchRow } from "./types.ts";

export interface ResultRow {
  id: string;
  value: number;
  unit: string;
  peer?: string;
  peerValue?: number;
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

export function resultId(row: BenchRow): string {
  return row.id ?? `${slug(row.name)}.${slug(row.metric)}`;
}

export function toResult(row: BenchRow): ResultRow {
  return {
    id: resultId(row),
    value: row.value,
    unit: row.unit,
    ...(row.peer !== undefined ? { peer: row.peer } : {}),
    ...(row.peerValue !== undefined ? { peerValue: row.peerValue } : {}),
  };
}

export function writeResults(file: string, rows: BenchRow[]): ResultRow[] {
  const byId = new Map<string, ResultRow>();
  if (existsSync(file)) {
    try {
      for (const row of JSON.parse(readFileSync(file, "utf8")) as ResultRow[]) byId.set(row.id, row);
    } catch {
      // A broken file is replaced by this run's rows.
    }
  }
  for (const row of rows) byId.set(resultId(row), toResult(row));
  const merged = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  writeFileSync(file, JSON.stringify(merged, null, 2) + "\n");
  return merged;
}
