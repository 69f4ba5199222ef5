// The recording file: a gzip'd stream of length-delimited protobuf messages
// (proto/infrawatch.proto): one RecordingHeader, then one RecordedTick per
// tick. Written as a stream while recording; read whole for a replay (a
// shipped recording is a few hundred kilobytes).

import { createWriteStream, openSync, readFileSync, statSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip, gunzipSync, type Gzip } from 'node:zlib';
import protobuf from 'protobufjs/minimal.js';
import { InfraWatchError } from '../errors.js';
import { infrawatch } from '../wire/generated/infrawatch.js';

export const RECORDING_FORMAT = 'infrawatch-recording/1';

export type RecordingHeader = infrawatch.IRecordingHeader;
export type RecordedTick = infrawatch.IRecordedTick;
export type RecordedFile = infrawatch.IRecordedFile;

export class RecordingWriter {
  private readonly gzip: Gzip;
  private readonly out: WriteStream;
  private readonly writer = protobuf.Writer.create();
  /** Bytes before compression. */
  rawBytes = 0;

  constructor(readonly file: string, header: RecordingHeader) {
    this.gzip = createGzip({ level: 9 });
    // Opened here, so that a path that cannot be written is an error now, with its name, not a stream event later.
    let fd: number;
    try {
      fd = openSync(file, 'w');
    } catch (err) {
      throw new InfraWatchError('IW_ERR_RECORD', `--out ${file}: cannot write: ${(err as Error).message}`, { cause: err });
    }
    this.out = createWriteStream('', { fd });
    this.gzip.pipe(this.out);
    this.push(infrawatch.RecordingHeader.encodeDelimited({ ...header, format: RECORDING_FORMAT }, this.writer.reset()).finish());
  }

  tick(tick: RecordedTick): void {
    this.push(infrawatch.RecordedTick.encodeDelimited(tick, this.writer.reset()).finish());
  }

  private push(bytes: Uint8Array): void {
    this.rawBytes += bytes.length;
    this.gzip.write(bytes);
  }

  /** Flushes and closes the file; resolves to its size on disk. */
  async close(): Promise<number> {
    this.gzip.end();
    await once(this.out, 'close');
    return this.out.bytesWritten;
  }
}

export interface Recording {
  readonly header: RecordingHeader;
  readonly ticks: RecordedTick[];
}

// A recording is read whole and may be hostile (a file from elsewhere):
// every bound is checked while decoding, before a byte of the /proc tree is
// written, and a breach is IW_ERR_DECODE naming the tick and its offset.
/** Bytes of the recording, gzip'd and unzipped (the shipped ones are a few hundred kB unzipped). */
export const RECORDING_MAX_BYTES = 256 * 1024 * 1024;
/** Pids in one tick: the kernel's PID_MAX_LIMIT is 4,194,304; a host we scan has tens of thousands. */
export const RECORDING_MAX_PIDS = 131_072;
/** Bytes of one recorded file (a cmdline is cut at cmdline_max_bytes, at most 1 MiB, plus the byte that says it was cut). */
export const RECORDED_FILE_MAX_BYTES = 1024 * 1024 + 1;
/** Bytes the /proc tree may hold at any tick (it lives on tmpfs: memory); 50,000 processes take ~25 MB. */
export const PROC_TREE_MAX_BYTES = 128 * 1024 * 1024;
const PID_MAX_LIMIT = 4_194_304;

/** The header's figures the replay divides by or multiplies with: each in a range a Linux host has. */
function checkHeader(file: string, header: RecordingHeader): void {
  const ranges: [keyof RecordingHeader & string, number, number][] = [
    ['clockTicksPerSecond', 1, 1_000_000],
    ['pageSizeBytes', 512, 1 << 30],
    ['hostCpus', 1, 65_536],
    ['intervalMs', 1, 86_400_000],
  ];
  for (const [key, min, max] of ranges) {
    const value = Number(header[key] ?? 0);
    if (!(value >= min && value <= max)) {
      throw new InfraWatchError('IW_ERR_DECODE', `${file}: byte offset 0: the header's ${key} is ${value}, expected ${min} to ${max}`);
    }
  }
}

const FILE_KINDS = ['stats', 'cmdlines', 'statuses', 'ios'] as const;

/**
 * Checks a tick against the bounds and the tree it builds on: its files
 * belong to pids it lists, and the tree stays within PROC_TREE_MAX_BYTES.
 * `sizes` (pid → bytes of each kind of file) carries the tree from tick to
 * tick; returns the problem, or undefined.
 */
function tickProblem(tick: RecordedTick, previousAtMs: number, sizes: Map<number, number[]>, treeBytes: { n: number }): string | undefined {
  const atMs = tick.atMs ?? 0;
  if (!Number.isFinite(atMs) || atMs < previousAtMs) return `atMs ${atMs} is not a time after the previous tick's (${previousAtMs})`;
  const pids = tick.pids ?? [];
  if (pids.length > RECORDING_MAX_PIDS) return `${pids.length} pids, more than the ${RECORDING_MAX_PIDS} a tick may list`;
  const listed = new Set<number>();
  for (const pid of pids) {
    if (!(pid >= 1 && pid <= PID_MAX_LIMIT)) return `pid ${pid} is not a pid (1 to ${PID_MAX_LIMIT})`;
    listed.add(pid);
  }
  for (const [pid, kinds] of sizes) {
    if (listed.has(pid)) continue;
    for (const n of kinds) treeBytes.n -= n;
    sizes.delete(pid);
  }
  for (let k = 0; k < FILE_KINDS.length; k++) {
    for (const f of tick[FILE_KINDS[k]] ?? []) {
      const pid = f.pid ?? 0;
      if (!listed.has(pid)) return `a file of ${FILE_KINDS[k]} for pid ${pid}, which the tick does not list`;
      const length = f.absent ? 0 : (f.data?.length ?? 0);
      if (length > RECORDED_FILE_MAX_BYTES) return `a file of ${FILE_KINDS[k]} for pid ${pid} of ${length} bytes, more than ${RECORDED_FILE_MAX_BYTES}`;
      let kinds = sizes.get(pid);
      if (kinds === undefined) {
        kinds = [0, 0, 0, 0];
        sizes.set(pid, kinds);
      }
      treeBytes.n += length - kinds[k];
      kinds[k] = length;
    }
  }
  if (treeBytes.n > PROC_TREE_MAX_BYTES) return `its /proc tree would hold ${treeBytes.n} bytes, more than ${PROC_TREE_MAX_BYTES}`;
  return undefined;
}

/**
 * Reads a whole recording. A cut, corrupt or out-of-bounds one is refused
 * with the file and the byte offset (in the unzipped stream) and tick.
 */
export function readRecording(file: string): Recording {
  let zipped: Buffer;
  try {
    const size = statSync(file).size;
    if (size > RECORDING_MAX_BYTES) throw new InfraWatchError('IW_ERR_DECODE', `${file}: ${size} bytes, more than the ${RECORDING_MAX_BYTES} a recording may have`);
    zipped = readFileSync(file);
  } catch (err) {
    if (err instanceof InfraWatchError) throw err;
    throw new InfraWatchError('IW_ERR_DECODE', `${file}: cannot read the recording: ${(err as Error).message}`, { cause: err });
  }
  let bytes: Uint8Array;
  try {
    bytes = gunzipSync(zipped, { maxOutputLength: RECORDING_MAX_BYTES });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new InfraWatchError('IW_ERR_DECODE', `${file}: unzips to more than the ${RECORDING_MAX_BYTES} bytes a recording may have`);
    }
    throw new InfraWatchError('IW_ERR_DECODE', `${file}: not a gzip'd recording: ${(err as Error).message}`, { cause: err });
  }
  const reader = protobuf.Reader.create(bytes);
  let header: RecordingHeader;
  try {
    header = infrawatch.RecordingHeader.decodeDelimited(reader);
  } catch (err) {
    throw new InfraWatchError('IW_ERR_DECODE', `${file}: byte offset 0: not a RecordingHeader (${(err as Error).message})`);
  }
  if (header.format !== RECORDING_FORMAT) {
    throw new InfraWatchError('IW_ERR_DECODE', `${file}: format ${JSON.stringify(String(header.format).slice(0, 40))}, expected ${JSON.stringify(RECORDING_FORMAT)}`);
  }
  checkHeader(file, header);
  const ticks: RecordedTick[] = [];
  const sizes = new Map<number, number[]>();
  const treeBytes = { n: 0 };
  let previousAtMs = 0;
  while (reader.pos < reader.len) {
    const offset = reader.pos;
    let tick: RecordedTick;
    try {
      tick = infrawatch.RecordedTick.decodeDelimited(reader);
    } catch (err) {
      throw new InfraWatchError('IW_ERR_DECODE', `${file}: byte offset ${offset}: tick ${ticks.length + 1} is not a RecordedTick (${(err as Error).message})`);
    }
    const problem = tickProblem(tick, previousAtMs, sizes, treeBytes);
    if (problem !== undefined) throw new InfraWatchError('IW_ERR_DECODE', `${file}: byte offset ${offset}: tick ${ticks.length + 1}: ${problem}`);
    previousAtMs = tick.atMs ?? 0;
    ticks.push(tick);
  }
  return { header, ticks };
}
