// Shapes exchanged between the HTTP benchmark's orchestrator and its load-generator process.

/** What the load generator is asked to do. */
export interface LoadPlan {
  url: string;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Request paths, cycled per connection: the request mix. */
  requests: string[];
  headers: Record<string, string>;
  /** When set, the measured run ends after this many requests instead of after durationSeconds. */
  amount?: number;
}

/** What one measured load run produced. */
export interface HttpLoadResult {
  /** 2xx responses in the measured window. */
  requests: number;
  rps: number;
  /** Real length of the measured run. */
  seconds: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
}
