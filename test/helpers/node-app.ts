// Starts a Node.js application in a child process with the project's Node and waits until it
// prints `listening on http://...`.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface RunningNodeApp {
  readonly child: ChildProcess;
  /** Base URL the app printed, e.g. http://127.0.0.1:41234. */
  readonly base: string;
  /** Everything the app wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then wait for the exit; resolves at once if it already ended. */
  stop(): Promise<void>;
}

export async function startNodeApp(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number; /** Run as another user (root only). */ user?: { uid: number; gid: number } },
): Promise<RunningNodeApp> {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: { ...process.env, PORT: '0', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], ...options.user });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const match = /listening on (http:\/\/[^\s/]+)/.exec(output);
    if (match?.[1]) {
      return {
        child,
        base: match[1],
        output: () => output,
        stop: async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = once(child, 'exit');
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${args.join(' ')} did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Resolves with how the process ended, or rejects when it outlives the bound (then it is killed). */
export function exitWithin(app: RunningNodeApp, ms: number): Promise<[number | null, NodeJS.Signals | null]> {
  const exited = once(app.child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      app.child.kill('SIGKILL');
      reject(new Error(`the process did not exit within ${ms} ms of SIGTERM\n${app.output()}`));
    }, ms);
  });
  return Promise.race([exited, late]).finally(() => clearTimeout(timer));
}
