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
