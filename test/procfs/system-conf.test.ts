import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAuxv, parseOpenFileLimit, readSystemConf } from '../../src/procfs/system-conf.js';

describe('system constants', () => {
  it('reads CLK_TCK and the page size as the system reports them', () => {
    const conf = readSystemConf();
    expect(conf.clockTicksPerSecond).toBe(Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })));
    expect(conf.pageSizeBytes).toBe(Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' })));
  });

  it('parses the auxiliary vector up to AT_NULL', () => {
    const buf = Buffer.alloc(16 * 4);
    buf.writeBigUInt64LE(6n, 0);
    buf.writeBigUInt64LE(16384n, 8);
    buf.writeBigUInt64LE(17n, 16);
    buf.writeBigUInt64LE(250n, 24);
    buf.writeBigUInt64LE(0n, 32);
    buf.writeBigUInt64LE(17n, 48); // after AT_NULL: ignored
    buf.writeBigUInt64LE(1n, 56);
    expect(parseAuxv(buf)).toEqual(new Map([[6, 16384], [17, 250]]));
  });

  it('reads the soft open-file limit, "unlimited" included', () => {
    const text = 'Limit                     Soft Limit           Hard Limit           Units\nMax open files            4096                 524288               files\n';
    expect(parseOpenFileLimit(text)).toBe(4096);
    expect(parseOpenFileLimit(text.replace('4096 ', 'unlimited'))).toBe(Infinity);
    expect(() => parseOpenFileLimit('Max processes 10 10')).toThrow(/Max open files/);
    expect(parseOpenFileLimit(readFileSync('/proc/self/limits', 'utf8'))).toBeGreaterThan(0);
  });
});
