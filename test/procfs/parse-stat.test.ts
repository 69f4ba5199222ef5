import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStatInto } from '../../src/procfs/parse-stat.js';
import { COMM_BYTES, READ_MALFORMED, READ_OK } from '../../src/table/layout.js';
import { attachViews, createSharedTable, readU64Exact, type TableViews } from '../../src/table/shared-table.js';
import { FIXTURE_PROC } from '../helpers.js';

const U64_MAX = 18446744073709551615n;
const SLOT = 3;

function views(): TableViews {
  return attachViews(createSharedTable(8, 8));
}

function commBytes(v: TableViews, slot: number): Buffer {
  return Buffer.from(v.comm.slice(slot * COMM_BYTES, slot * COMM_BYTES + v.commLen[slot]));
}

function parseFile(pid: number, v = views()): { status: number; v: TableViews } {
  const bytes = readFileSync(join(FIXTURE_PROC, String(pid), 'stat'));
  const buf = new Uint8Array(4096);
  buf.set(bytes);
  return { status: parseStatInto(buf, bytes.length, pid, SLOT, v), v };
}

interface Want {
  comm: Buffer;
  state?: string;
  ppid?: number;
  flags?: number;
  minflt?: bigint;
  majflt?: bigint;
  utime?: bigint;
  stime?: bigint;
  threads?: number;
  starttime?: bigint;
  vsize?: bigint;
  rssPages?: bigint;
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');

// One fixture pid per edge case (test/fixtures/proc/<pid>/stat).
const parsed: Array<[number, string, Want]> = [
  [100, 'an ordinary process', { comm: utf8('bash'), state: 'S', ppid: 1, flags: 4194560, minflt: 4242n, majflt: 7n, utime: 1500n, stime: 300n, threads: 1, starttime: 403520n, vsize: 8388608n, rssPages: 1000n }],
  [101, 'spaces in the name', { comm: utf8('a b c') }],
  [102, 'an opening parenthesis in the name', { comm: utf8('foo(bar') }],
  [103, 'a closing parenthesis in the name', { comm: utf8('foo)bar') }],
  [104, 'a name that looks like the next fields', { comm: utf8(') S 1 ('), state: 'S', ppid: 1 }],
  [105, 'a newline in the name', { comm: utf8('line1\nline2') }],
  [106, 'a UTF-8 name cut inside a character', { comm: Buffer.concat([utf8('é'.repeat(7)), Buffer.from([0xc3])]) }],
  [107, 'a kernel thread', { comm: utf8('kworker/0:1-events'), state: 'I', ppid: 2, flags: 0x04208060, vsize: 0n, rssPages: 0n }],
  [108, 'a zombie', { comm: utf8('defunct'), state: 'Z', ppid: 100, rssPages: 0n }],
  [113, '64-bit maximum values', { comm: utf8('u64max'), ppid: 2147483647, flags: 4294967295, minflt: U64_MAX, majflt: U64_MAX, utime: U64_MAX, stime: U64_MAX, threads: 2147483647, starttime: U64_MAX, vsize: U64_MAX, rssPages: U64_MAX }],
  [114, "procfs's pid 584 name", { comm: utf8('(a b ) ( c d) ') }],
  [116, 'a name longer than any the kernel prints: its first COMM_BYTES', { comm: utf8('x'.repeat(COMM_BYTES)) }],
];

const malformed: Array<[number, string]> = [
  [109, 'an empty stat'],
  [110, 'a truncated stat'],
  [111, 'a garbage stat'],
  [115, 'a stat whose pid is not its folder'],
];

describe('parseStatInto on the fixture tree', () => {
  it.each(parsed)('pid %i: %s', (pid, _what, want) => {
    const { status, v } = parseFile(pid);
    expect(status).toBe(READ_OK);
    expect(commBytes(v, SLOT)).toEqual(want.comm);
    if (want.state !== undefined) expect(String.fromCharCode(v.state[SLOT])).toBe(want.state);
    if (want.ppid !== undefined) expect(v.ppid[SLOT]).toBe(want.ppid);
    if (want.flags !== undefined) expect(v.flags[SLOT]).toBe(want.flags);
    if (want.threads !== undefined) expect(v.threads[SLOT]).toBe(want.threads);
    for (const key of ['minflt', 'majflt', 'utime', 'stime', 'starttime', 'vsize', 'rssPages'] as const) {
      if (want[key] !== undefined) expect(readU64Exact(v[key], SLOT), key).toBe(want[key]);
    }
  });

  it.each(malformed)('pid %i: %s is malformed, not thrown', (pid) => {
    expect(parseFile(pid).status).toBe(READ_MALFORMED);
  });

  it('rejects a value past 2^64 - 1 instead of wrapping', () => {
    const v = views();
    const text = readFileSync(join(FIXTURE_PROC, '113', 'stat'), 'utf8').replace(/ 18446744073709551615 /, ' 18446744073709551616 ');
    const bytes = Buffer.from(text);
    expect(parseStatInto(bytes, bytes.length, 113, 0, v)).toBe(READ_MALFORMED);
  });

  it('finds the last ) of a forged name longer than the kernel prints, even with a ) early in it', () => {
    const v = views();
    const name = 'a) S 1 ' + 'x'.repeat(70) + ') R';
    const text = Buffer.from(`9 (${name}) S 1 9 9 0 -1 0 1 0 2 0 3 4 0 0 20 0 1 0 5 6 7 0\n`);
    expect(parseStatInto(text, text.length, 9, 0, v)).toBe(READ_OK);
    expect(commBytes(v, 0)).toEqual(Buffer.from(name).subarray(0, COMM_BYTES));
    expect(readU64Exact(v.utime, 0)).toBe(3n);
  });

  it('parses only the bytes it was given, not the rest of the buffer', () => {
    const v = views();
    const line = Buffer.from('7 (x) S 1 7 7 0 -1 0 1 0 2 0 3 4 0 0 20 0 1 0 5 6 7 0\n');
    const buf = new Uint8Array(4096).fill(0x39); // a stale longer text full of '9'
    buf.set(line);
    expect(parseStatInto(buf, line.length, 7, 0, v)).toBe(READ_OK);
    expect(readU64Exact(v.rssPages, 0)).toBe(7n);
  });
});

// Property: for any name of bytes 0x01–0xFF (at most 64 bytes, as the kernel
// prints) and any field values, every field comes back exactly.
describe('parseStatInto, property-based', () => {
  const u64 = fc.bigInt({ min: 0n, max: U64_MAX });
  const u32 = fc.integer({ min: 0, max: 4294967295 });
  const i32 = fc.integer({ min: 0, max: 2147483647 });
  const signed = fc.integer({ min: -2147483648, max: 2147483647 });
  const record = fc.record({
    pid: fc.integer({ min: 1, max: 4194304 }),
    name: fc.uint8Array({ minLength: 0, maxLength: COMM_BYTES }).map((a) => a.map((b) => (b === 0 ? 1 : b))),
    state: fc.constantFrom(...'RSDZTtWXxKPI'),
    ppid: i32,
    flags: u32,
    minflt: u64,
    majflt: u64,
    utime: u64,
    stime: u64,
    cutime: u64,
    cstime: u64,
    threads: i32,
    starttime: u64,
    vsize: u64,
    rss: u64,
    tty: signed,
    nice: fc.integer({ min: -20, max: 19 }),
  });

  it('reads every field exactly', () => {
    const v = views();
    fc.assert(
      fc.property(record, (r) => {
        const text = Buffer.concat([
          Buffer.from(`${r.pid} (`),
          Buffer.from(r.name),
          Buffer.from(`) ${r.state} ${r.ppid} 1 1 ${r.tty} -1 ${r.flags} ${r.minflt} 0 ${r.majflt} 0 ${r.utime} ${r.stime} ${r.cutime} ${r.cstime} 20 ${r.nice} ${r.threads} 0 ${r.starttime} ${r.vsize} ${r.rss} 18446744073709551615 0 0\n`),
        ]);
        const slot = r.pid % 8;
        expect(parseStatInto(text, text.length, r.pid, slot, v)).toBe(READ_OK);
        expect(commBytes(v, slot)).toEqual(Buffer.from(r.name));
        expect(String.fromCharCode(v.state[slot])).toBe(r.state);
        expect(v.ppid[slot]).toBe(r.ppid);
        expect(v.flags[slot]).toBe(r.flags);
        expect(v.threads[slot]).toBe(r.threads);
        expect(readU64Exact(v.minflt, slot)).toBe(r.minflt);
        expect(readU64Exact(v.majflt, slot)).toBe(r.majflt);
        expect(readU64Exact(v.utime, slot)).toBe(r.utime);
        expect(readU64Exact(v.stime, slot)).toBe(r.stime);
        expect(readU64Exact(v.cutime, slot)).toBe(r.cutime);
        expect(readU64Exact(v.cstime, slot)).toBe(r.cstime);
        expect(readU64Exact(v.starttime, slot)).toBe(r.starttime);
        expect(readU64Exact(v.vsize, slot)).toBe(r.vsize);
        expect(readU64Exact(v.rssPages, slot)).toBe(r.rss);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a negative cutime or cstime (clock_t is signed) as 0, not as malformed', () => {
    const v = views();
    const text = Buffer.from('42 (sh) S 1 1 1 0 -1 4194560 10 0 0 0 7 3 -5 -1 20 0 1 0 100 1000 10\n');
    expect(parseStatInto(text, text.length, 42, 1, v)).toBe(READ_OK);
    expect(readU64Exact(v.cutime, 1)).toBe(0n);
    expect(readU64Exact(v.cstime, 1)).toBe(0n);
    expect(readU64Exact(v.utime, 1)).toBe(7n);
  });

  it('never throws on arbitrary bytes', () => {
    const v = views();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const status = parseStatInto(bytes, bytes.length, 0, 1, v);
        expect([READ_OK, READ_MALFORMED]).toContain(status);
      }),
      { numRuns: 5000 },
    );
  });
});
