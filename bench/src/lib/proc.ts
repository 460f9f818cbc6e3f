// Child processes for the benchmarks: services that announce `LISTENING <port>`, and one-shot
// benchmark processes that print `RESULT <json>`. Everything can be pinned to a CPU with taskset,
// so that the application, the load generator and the sinks do not share a core.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** CPUs to use: the app gets its own; load generator and sinks share the other. */
export interface CpuPlan {
  /** taskset is present and there are at least two CPUs. */
  readonly pinned: boolean;
  readonly app: number | undefined;
  readonly load: number | undefined;
  readonly cpus: number;
}

export function planCpus(): CpuPlan {
  const cpus = availableParallelism();
  const taskset = process.platform === 'linux' && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  if (!taskset || cpus < 2) return { pinned: false, app: undefined, load: undefined, cpus };
  return { pinned: true, app: 1, load: 0, cpus };
}

function command(cpu: number | undefined, args: readonly string[]): [string, string[]] {
  return cpu === undefined ? [process.execPath, [...args]] : ['taskset', ['-c', String(cpu), process.execPath, ...args]];
}

const MAX_OUTPUT = 256 * 1024;

/** A running service process with its captured output. */
export interface Service {
  readonly port: number;
  readonly pid: number;
  /** stdout and stderr so far (the first 256 KiB). */
  output(): string;
  /** SIGTERM (then SIGKILL after 2 s) when graceful, else SIGKILL at once. */
  stop(graceful?: boolean): Promise<void>;
}

export interface ServiceOptions {
  cpu?: number | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  startTimeoutMs?: number;
}

/** Starts `node ...args` and resolves once it prints `LISTENING <port>`. */
export function startService(args: readonly string[], options: ServiceOptions = {}): Promise<Service> {
  const [file, argv] = command(options.cpu, args);
  const child = spawn(file, argv, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const append = (chunk: Buffer) => {
    if (output.length < MAX_OUTPUT) output += chunk.toString('utf8');
  };
  child.stderr?.on('data', append);
  return new Promise<Service>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not start within ${options.startTimeoutMs ?? 30_000} ms:\n${output.slice(-2000)}`));
    }, options.startTimeoutMs ?? 30_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited before listening (${code ?? signal}):\n${output.slice(-2000)}`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      append(chunk);
      const match = /^LISTENING (\d+)$/m.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ port: Number(match[1]), pid: child.pid ?? -1, output: () => output, stop: (graceful = true) => stopChild(child, graceful) });
    });
  });
}

function stopChild(child: ChildProcess, graceful: boolean): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill(graceful ? 'SIGTERM' : 'SIGKILL');
  });
}

export interface RunOptions {
  cpu?: number | undefined;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Called with each stdout line that starts with `PROGRESS `. */
  onProgress?: (line: string) => void;
  /** Called once stdout carries `MEASURE_START`. */
  onMeasureStart?: () => void;
}

/** Runs `node ...args` to completion and returns the JSON it printed after `RESULT `. */
export function runForResult<T>(args: readonly string[], options: RunOptions): Promise<T> {
  const [file, argv] = command(options.cpu, args);
  const child = spawn(file, argv, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    stdout += text;
    pending += text;
    let newline;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line.startsWith('PROGRESS ')) options.onProgress?.(line.slice('PROGRESS '.length));
      else if (line === 'MEASURE_START') options.onMeasureStart?.();
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < MAX_OUTPUT) stderr += chunk.toString('utf8');
  });
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line !== undefined) return resolve(JSON.parse(line.slice('RESULT '.length)) as T);
      reject(new Error(`${args.join(' ')} failed (${signal ?? `exit ${code}`}${signal === 'SIGKILL' ? `, timeout ${options.timeoutMs} ms` : ''}):\n${stderr.slice(-3000)}`));
    });
  });
}

/** CPU time (user + system) a process has used so far, in ms; undefined where /proc is absent. */
export function cpuTimeMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / clockTicks() : undefined;
  } catch {
    return undefined;
  }
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    const result = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    const value = Number(result.stdout?.trim());
    ticksPerSecond = Number.isFinite(value) && value > 0 ? value : 100;
  }
  return ticksPerSecond;
}
