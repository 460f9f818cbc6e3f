// The heap in use once the exported telemetry is dropped and the garbage collector has run, for
// the memory tests' before/after comparisons.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Harness } from './harness.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap in use after everything exported was dropped from the receiver and a full GC. */
export async function settledHeap(harness: Harness): Promise<number> {
  await harness.telemetry.flush();
  harness.receiver.logs.length = 0;
  harness.receiver.spans.length = 0;
  harness.receiver.metrics.length = 0;
  harness.receiver.rawBodies.length = 0;
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}
