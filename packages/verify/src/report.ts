import type { ReadRecord, RecordSource } from './otlp.js';
import { verifyStream } from './verify.js';
import type { RecordProblem, SeqRange, StreamReport, VerifyOptions } from './verify.js';

/** A line that could not be read or understood. */
export interface InputError {
  readonly source: RecordSource;
  readonly message: string;
}

/** A security record without usable chain attributes. */
export interface UnchainedRecord {
  readonly source: RecordSource;
  readonly eventName: string;
  readonly reason: string;
}

/** The outcome of `secotel verify`. */
export interface VerifyReport {
  /** True only when every stream verified and all input was read. */
  readonly ok: boolean;
  readonly files: readonly string[];
  /** Security records read (duplicates included). */
  readonly recordsRead: number;
  /** Log records that are not security records, ignored. */
  readonly skipped: number;
  readonly streams: readonly StreamReport[];
  readonly unchained: readonly UnchainedRecord[];
  readonly inputErrors: readonly InputError[];
}

/** Groups records by stream and verifies each stream. */
export function verifyRecords(
  records: readonly ReadRecord[],
  options: VerifyOptions & { files?: readonly string[]; skipped?: number; inputErrors?: readonly InputError[] } = {},
): VerifyReport {
  const byStream = new Map<string, ReadRecord[]>();
  const unchained: UnchainedRecord[] = [];
  for (const record of records) {
    if (record.stream === undefined || record.seq === undefined) {
      unchained.push({ source: record.source, eventName: record.eventName, reason: 'has no chain position: its security.event.id is not <stream>:<seq>' });
      continue;
    }
    let list = byStream.get(record.stream);
    if (list === undefined) byStream.set(record.stream, (list = []));
    list.push(record);
  }
  const streams = [...byStream].map(([stream, list]) => verifyStream(stream, list, options));
  const inputErrors = options.inputErrors ?? [];
  return {
    ok: streams.every((s) => s.ok) && unchained.length === 0 && inputErrors.length === 0 && streams.length > 0,
    files: options.files ?? [],
    recordsRead: records.length,
    skipped: options.skipped ?? 0,
    streams,
    unchained,
    inputErrors,
  };
}

function where(source: RecordSource): string {
  return `${source.file}:${source.line}`;
}

function range(r: SeqRange): string {
  return r.from === r.to ? `seq ${r.from}` : `seq ${r.from}..${r.to}`;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function recordLine(label: string, p: RecordProblem): string {
  return `  ${label.padEnd(13)}seq ${p.seq} ${p.eventName || '(no event name)'} (${where(p.source)}): ${p.reason}`;
}

// A wrong key fails every record: list enough to see the pattern (--json has them all).
const MAX_LINES_PER_KIND = 20;

function capped(lines: string[], problems: readonly RecordProblem[], label: string): void {
  for (const p of problems.slice(0, MAX_LINES_PER_KIND)) lines.push(recordLine(label, p));
  if (problems.length > MAX_LINES_PER_KIND) lines.push(`  ${label.padEnd(13)}... and ${problems.length - MAX_LINES_PER_KIND} more (--json lists them all)`);
}

function streamLines(s: StreamReport, allowOpen: boolean): string[] {
  const lines: string[] = [];
  lines.push(`stream ${s.stream}${s.service === undefined ? '' : ` (service ${s.service})`}: ${s.ok ? 'OK' : 'FAILED'}`);
  const how = s.authenticatedBy.length === 0 ? 'not authenticated: sequence only' : `${s.verified} verified by ${s.authenticatedBy.join(' and ')}`;
  const dup = s.duplicates > 0 ? `, ${count(s.duplicates, 'duplicate')} skipped` : '';
  lines.push(`  ${'records'.padEnd(13)}${s.records} of seq 1..${s.maxSeq} present, ${how}${dup}`);
  for (const note of s.notes) lines.push(`  ${'note'.padEnd(13)}${note}`);
  for (const gap of s.missing) lines.push(`  ${'missing'.padEnd(13)}${range(gap)} (${count(gap.to - gap.from + 1, 'record')})`);
  capped(lines, s.altered, 'altered');
  capped(lines, s.unverifiable, 'unverifiable');
  capped(lines, s.conflicting, 'conflicting');
  for (const c of s.checkpoints) {
    if (c.problems.length === 0) continue;
    for (const text of c.problems) lines.push(`  ${'checkpoint'.padEnd(13)}seq ${c.seq} (${where(c.source)}) ${text}`);
  }
  const good = s.checkpoints.filter((c) => c.problems.length === 0);
  if (good.length > 0) {
    const signed = good.filter((c) => c.signature === 'valid').length;
    const last = good.at(-1);
    lines.push(
      `  ${'checkpoints'.padEnd(13)}${good.length} good${signed > 0 ? ` (${signed} with a valid signature)` : ''}, last at seq ${last?.seq}${last?.final ? ' (final)' : ''}`,
    );
  }
  const allowed = allowOpen ? ' [allowed by --allow-open]' : '';
  if (s.afterLastCheckpoint !== undefined) {
    const n = s.afterLastCheckpoint.to - s.afterLastCheckpoint.from + 1;
    const what = s.checkpoints.length === 0 ? 'no checkpoint covers them' : 'after the last checkpoint';
    lines.push(`  ${'tail'.padEnd(13)}${range(s.afterLastCheckpoint)} (${count(n, 'record')}) ${what}: records after them could have been removed without trace${allowed}`);
  }
  if (!s.closed) {
    lines.push(`  ${'open'.padEnd(13)}no final checkpoint at the end: the process may still be running or have crashed, or the tail was cut${allowed}`);
  }
  return lines;
}

/** The report as text for people. */
export function formatReport(report: VerifyReport, options: { allowOpen?: boolean } = {}): string {
  const lines: string[] = [];
  const streams = report.streams;
  lines.push(
    `secotel verify: ${count(report.files.length, 'file')}, ${count(report.recordsRead, 'security record')} in ${count(streams.length, 'stream')}` +
      (report.skipped > 0 ? ` (${count(report.skipped, 'other log record')} ignored)` : ''),
  );
  for (const error of report.inputErrors) lines.push(`input error   ${where(error.source)}: ${error.message}`);
  for (const record of report.unchained) lines.push(`unchained     ${where(record.source)} ${record.eventName || '(no event name)'}: ${record.reason}`);
  for (const stream of streams) {
    lines.push('');
    lines.push(...streamLines(stream, options.allowOpen === true));
  }
  lines.push('');
  if (streams.length === 0 && report.inputErrors.length === 0) lines.push('result: FAILED (no chained security records found)');
  else if (report.ok) lines.push(`result: OK (${count(streams.length, 'stream')} verified)`);
  else {
    const failed = streams.filter((s) => !s.ok).length;
    const extra = [
      failed > 0 ? `${failed} of ${count(streams.length, 'stream')} failed` : '',
      report.unchained.length > 0 ? count(report.unchained.length, 'unchained record') : '',
      report.inputErrors.length > 0 ? count(report.inputErrors.length, 'input error') : '',
    ].filter((part) => part !== '');
    lines.push(`result: FAILED (${extra.join(', ')})`);
  }
  return `${lines.join('\n')}\n`;
}
