import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { readLines } from './lines.js';
import { decodeLogsRequest, parseJsonLine } from './otlp.js';
import type { ReadRecord } from './otlp.js';
import type { InputError } from './report.js';

/** Everything read from the inputs. */
export interface ReadResult {
  records: ReadRecord[];
  skipped: number;
  inputErrors: InputError[];
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads OTLP JSON lines (collector file exporter output, or OTLP/HTTP JSON request bodies one per
 * line) into `result`, recording unreadable files and bad lines instead of stopping.
 */
export async function readOtlpJsonLines(input: Readable, name: string, result: ReadResult): Promise<void> {
  try {
    for await (const entry of readLines(input)) {
      if ('tooLong' in entry) {
        result.inputErrors.push({ source: { file: name, line: entry.line }, message: 'line too long, skipped' });
        continue;
      }
      let json: unknown;
      try {
        json = parseJsonLine(entry.text);
      } catch (error) {
        result.inputErrors.push({
          source: { file: name, line: entry.line },
          message: `not JSON (${error instanceof Error ? error.message : String(error)}); an unterminated last line may still be being written`,
        });
        continue;
      }
      if (typeof json !== 'object' || json === null || !('resourceLogs' in json)) {
        // Traces and metrics files have resourceSpans / resourceMetrics: not ours, but not an error.
        if (typeof json === 'object' && json !== null && ('resourceSpans' in json || 'resourceMetrics' in json)) continue;
        result.inputErrors.push({ source: { file: name, line: entry.line }, message: 'not an OTLP logs request (no resourceLogs)' });
        continue;
      }
      const { records, skipped } = decodeLogsRequest(json, name, entry.line);
      for (const record of records) result.records.push(record);
      result.skipped += skipped;
    }
  } catch (error) {
    result.inputErrors.push({ source: { file: name, line: 0 }, message: `cannot read: ${describe(error)}` });
  }
}

/** Reads every file (`-` is standard input). */
export async function readInputs(files: readonly string[], stdin: Readable): Promise<ReadResult> {
  const result: ReadResult = { records: [], skipped: 0, inputErrors: [] };
  for (const file of files) {
    const input = file === '-' ? stdin : createReadStream(file);
    await readOtlpJsonLines(input, file === '-' ? '(stdin)' : file, result);
  }
  return result;
}
