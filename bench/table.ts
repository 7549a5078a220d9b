import type { BenchRow } from "./types.ts";

/** One aligned text table, peers side by side with our figure. */
export function formatTable(rows: BenchRow[]): string {
  const header = ["benchmark", "metric", "value", "target", "peer", "peer value"];
  const body = rows.map((r) => [
    r.name,
    r.metric,
    `${formatNumber(r.value)} ${r.unit}`,
    r.target ?? "",
    r.peer ?? "",
    r.peerValue === undefined ? "" : `${formatNumber(r.peerValue)} ${r.unit}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...body.map(line)].join("\n");
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString("en-US");
  return String(Math.round(n * 1000) / 1000);
}
