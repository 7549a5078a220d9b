/**
 * One row of `npm run bench`. `id` is the row's stable name in bench/results.json (a slug of name and metric
 * when left out); `peer` / `peerValue` are the same figure for the peer measured in the same run.
 */
export interface BenchRow {
  id?: string;
  name: string;
  metric: string;
  value: number;
  unit: string;
  target?: string;
  peer?: string;
  peerValue?: number;
}
