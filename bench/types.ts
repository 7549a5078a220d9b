export interface BenchRow { name: string; metric: string; value: number; unit: string; target?: string; peer?: string; peerValue?: number }
