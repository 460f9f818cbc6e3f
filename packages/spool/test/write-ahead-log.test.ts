// The write-ahead log on a real file system: append and read back, rotation, acknowledgement,
// replay after a restart, damage (checksum, torn tail, random bytes), the cap, the lock, and
// directories that cannot be used.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { SpoolError, WriteAheadLog } from '@secotel/spool';
import type { FrameInput, WalReadResult } from '@secotel/spool';

const root = mkdtempSync(join(tmpdir(), 'secotel-wal-test-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(root, `wal-${++dirs}`);

const record = (i: number, pad = 40): FrameInput => ({ kind: 'record', payload: Buffer.from(JSON.stringify({ i, pad: 'x'.repeat(pad) })) });
const indexOf = (payload: Buffer) => (JSON.parse(payload.toString('utf8')) as { i: number }).i;
const segmentFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.seg')).sort();

/** Reads everything there is, acknowledging as it goes when asked to. */
async function readAll(wal: WriteAheadLog, acknowledge = false): Promise<{ records: number[]; damaged: WalReadResult['damaged'] }> {
  const records: number[] = [];
  const damaged: WalReadResult['damaged'] = [];
  for (let i = 0; i < 10_000 && wal.hasUnread(); i++) {
    const result = await wal.read(7);
    for (const entry of result.entries) if (entry.kind === 'record') records.push(indexOf(entry.payload));
    damaged.push(...result.damaged);
    if (acknowledge) await wal.acknowledge(result.end);
  }
  return { records, damaged };
}

function appendMany(wal: WriteAheadLog, from: number, count: number): void {
  for (let i = from; i < from + count; i++) {
    wal.segmentFor(100);
    assert.equal(wal.append([record(i)]), 'ok');
  }
}

describe('WriteAheadLog', () => {
  it('reads back what was appended, in order, across segment rotations', async () => {
    const dir = freshDir();
    const wal = WriteAheadLog.open({ directory: dir, segmentBytes: 1024 });
    appendMany(wal, 0, 100);
    assert.ok(segmentFiles(dir).length >= 5, `rotated into ${segmentFiles(dir).length} segments`);
    const { records, damaged } = await readAll(wal);
    assert.deepEqual(records, Array.from({ length: 100 }, (_, i) => i));
    assert.deepEqual(damaged, []);
    await wal.close();
  });

  it('replays after a restart exactly the records that were not acknowledged', async () => {
    const dir = freshDir();
    const first = WriteAheadLog.open({ directory: dir, segmentBytes: 1024 });
    appendMany(first, 0, 60);
    const read = await first.read(25);
    assert.equal(read.records, 25);
    await first.acknowledge(read.end);
    await first.close();

    const second = WriteAheadLog.open({ directory: dir, segmentBytes: 1024 });
    assert.equal(await second.countPreviousRun(), 35);
    appendMany(second, 60, 5);
    assert.deepEqual((await readAll(second)).records, Array.from({ length: 40 }, (_, i) => 25 + i));
    await second.close();
  });

  it('deletes a segment once everything in it is acknowledged, and never the one being written', async () => {
    const dir = freshDir();
    const wal = WriteAheadLog.open({ directory: dir, segmentBytes: 1024 });
    appendMany(wal, 0, 100);
    const before = segmentFiles(dir).length;
    await readAll(wal, true);
    const afterAck = segmentFiles(dir);
    assert.ok(before > 1);
    assert.equal(afterAck.length, 1, `left ${afterAck.join(', ')}`);
    assert.equal(wal.usedBytes, statSync(join(dir, afterAck[0] as string)).size);
    await wal.close();
    const reopened = WriteAheadLog.open({ directory: dir, segmentBytes: 1024 });
    assert.equal(await reopened.countPreviousRun(), 0);
    assert.deepEqual((await readAll(reopened)).records, []);
    await reopened.close();
  });

  it('skips a record whose checksum does not match and reads the ones after it', async () => {
    const dir = freshDir();
    const wal = WriteAheadLog.open({ directory: dir });
    appendMany(wal, 0, 10);
    await wal.close();
    const [segment] = segmentFiles(dir);
    const path = join(dir, segment as string);
    const bytes = readFileSync(path);
    const frame = bytes.length / 10;
    const at = 4 * frame + 20; // inside the payload of record 4
    bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
    writeFileSync(path, bytes);

    const reopened = WriteAheadLog.open({ directory: dir });
    const { records, damaged } = await readAll(reopened);
    assert.deepEqual(records, [0, 1, 2, 3, 5, 6, 7, 8, 9]);
    assert.equal(damaged.length, 1);
    assert.equal(damaged[0]?.offset, 4 * frame);
    assert.equal(damaged[0]?.torn, false);
    await reopened.close();
  });

  it('stops at a write cut short by a crash without failing, and keeps going in a new segment', async () => {
    const dir = freshDir();
    const wal = WriteAheadLog.open({ directory: dir });
    appendMany(wal, 0, 10);
    await wal.close();
    const [segment] = segmentFiles(dir);
    const path = join(dir, segment as string);
    truncateSync(path, statSync(path).size - 7);

    const reopened = WriteAheadLog.open({ directory: dir });
    assert.equal(await reopened.countPreviousRun(), 9);
    appendMany(reopened, 10, 2);
    const { records, damaged } = await readAll(reopened);
    assert.deepEqual(records, [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11]);
    assert.equal(damaged.length, 1);
    assert.equal(damaged[0]?.torn, true);
    await reopened.close();
  });

  it('recovers every untouched record, in order, whatever bytes are damaged', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        async (count, flips, cut) => {
          const dir = freshDir();
          const wal = WriteAheadLog.open({ directory: dir });
          const frames = Array.from({ length: count }, (_, i) => record(i, i % 7));
          const ends: number[] = [];
          let size = 0;
          for (const frame of frames) {
            assert.equal(wal.append([frame]), 'ok');
            size += 12 + frame.payload.length;
            ends.push(size);
          }
          await wal.close();
          const path = join(dir, segmentFiles(dir)[0] as string);
          const bytes = readFileSync(path);
          const touched = new Set<number>();
          const frameAt = (offset: number) => ends.findIndex((end) => offset < end);
          for (const { at, xor } of flips) {
            const offset = at % bytes.length;
            bytes.writeUInt8(bytes.readUInt8(offset) ^ xor, offset);
            touched.add(frameAt(offset));
          }
          const length = bytes.length - (cut % 3 === 0 ? cut % 20 : 0);
          for (let offset = length; offset < bytes.length; offset++) touched.add(frameAt(offset));
          writeFileSync(path, bytes.subarray(0, length));

          const reopened = WriteAheadLog.open({ directory: dir });
          const { records } = await readAll(reopened);
          await reopened.close();
          rmSync(dir, { recursive: true, force: true });
          const untouched = frames.map((_, i) => i).filter((i) => !touched.has(i));
          assert.deepEqual(records.filter((i) => !touched.has(i)), untouched, 'every untouched record is read, in order');
          assert.ok(records.every((i, k) => k === 0 || i > (records[k - 1] as number)), 'in log order, no duplicates');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses appends past the cap and accepts them again once delivered segments are deleted', async () => {
    const dir = freshDir();
    const wal = WriteAheadLog.open({ directory: dir, maxBytes: 16 * 1024, segmentBytes: 2048 });
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 400; i++) {
      wal.segmentFor(100);
      const result = wal.append([record(i)]);
      if (result === 'ok') accepted++;
      else if (result === 'full') refused++;
      else assert.fail(`append failed: ${String(wal.lastError)}`);
    }
    console.log(`cap 16 KiB: ${accepted} records accepted, ${refused} refused, ${wal.usedBytes} bytes used`);
    assert.ok(refused > 0 && accepted > 0);
    assert.ok(wal.usedBytes <= 16 * 1024);
    await readAll(wal, true);
    wal.segmentFor(100);
    assert.equal(wal.append([record(1000)]), 'ok');
    await wal.close();
  });

  it('refuses a directory that another live process holds, and takes over one left by a dead process', async () => {
    const dir = freshDir();
    const first = WriteAheadLog.open({ directory: dir });
    await first.close();
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, 'lock'), `${child.pid}\n`);
      assert.throws(
        () => WriteAheadLog.open({ directory: dir }),
        (error: unknown) => error instanceof SpoolError && error.code === 'SECOTEL_ERR_SPOOL_LOCKED' && error.message.includes(`process ${child.pid}`),
      );
    } finally {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    const reopened = WriteAheadLog.open({ directory: dir });
    assert.equal(readFileSync(join(dir, 'lock'), 'utf8').trim(), String(process.pid));
    assert.throws(() => WriteAheadLog.open({ directory: dir }), { code: 'SECOTEL_ERR_SPOOL_LOCKED' });
    await reopened.close();
    assert.equal(existsSync(join(dir, 'lock')), false);
  });

  it('names the directory and says what to do when it cannot be used', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'not a directory');
    assert.throws(
      () => WriteAheadLog.open({ directory: join(file, 'spool') }),
      (error: unknown) =>
        error instanceof SpoolError && error.code === 'SECOTEL_ERR_SPOOL_UNWRITABLE' && error.message.includes(join(file, 'spool')) && /SECOTEL_SPOOL_DIR/.test(error.message),
    );
  });

  it('reports a full disk when the directory is opened', { skip: !existsSync('/dev/full') && 'needs /dev/full (Linux)' }, () => {
    const dir = freshDir();
    WriteAheadLog.open({ directory: dir }).close();
    // /dev/full answers every write with ENOSPC, as a full file system does.
    symlinkSync('/dev/full', join(dir, 'probe.tmp'));
    assert.throws(
      () => WriteAheadLog.open({ directory: dir }),
      (error: unknown) => error instanceof SpoolError && error.code === 'SECOTEL_ERR_SPOOL_NO_SPACE' && error.message.includes(dir),
    );
    assert.equal(existsSync(join(dir, 'lock')), false, 'the lock is released again');
  });

  it('keeps every record of a process killed right after append returned (fsync always)', async () => {
    const dir = freshDir();
    const script = `
      const { WriteAheadLog } = require('@secotel/spool');
      const wal = WriteAheadLog.open({ directory: ${JSON.stringify(dir)}, fsync: 'always' });
      for (let i = 0; i < 200; i++) if (wal.append([{ kind: 'record', payload: Buffer.from(JSON.stringify({ i })) }]) !== 'ok') throw new Error('append');
      process.stdout.write('appended\\n');
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['-e', script], { cwd: join(import.meta.dirname, '..', '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('appended')) child.kill('SIGKILL');
    });
    const [, signal] = await once(child, 'exit');
    assert.equal(signal, 'SIGKILL');
    const wal = WriteAheadLog.open({ directory: dir });
    assert.equal(await wal.countPreviousRun(), 200);
    assert.deepEqual((await readAll(wal)).records, Array.from({ length: 200 }, (_, i) => i));
    await wal.close();
  });
});
