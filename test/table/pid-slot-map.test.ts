import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PidSlotMap } from '../../src/table/pid-slot-map.js';

describe('PidSlotMap', () => {
  it('agrees with a Map under any sequence of set, get and delete (with rehashes)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), pid: fc.integer({ min: 1, max: 300 }), slot: fc.nat(1000) }),
      fc.record({ kind: fc.constant('delete' as const), pid: fc.integer({ min: 1, max: 300 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), (ops) => {
        const map = new PidSlotMap(4);
        const oracle = new Map<number, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            map.set(o.pid, o.slot);
            oracle.set(o.pid, o.slot);
          } else {
            expect(map.delete(o.pid)).toBe(oracle.delete(o.pid));
          }
        }
        expect(map.size).toBe(oracle.size);
        for (let pid = 1; pid <= 300; pid++) expect(map.get(pid)).toBe(oracle.get(pid) ?? -1);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps finding every pid after heavy churn of sequential pids', () => {
    const map = new PidSlotMap(16);
    for (let round = 0; round < 20; round++) {
      for (let pid = round * 500 + 1; pid <= round * 500 + 3000; pid++) map.set(pid, pid & 0xffff);
      for (let pid = round * 500 + 1; pid <= round * 500 + 500; pid++) expect(map.delete(pid)).toBe(true);
    }
    expect(map.size).toBe(2500);
    for (let pid = 10_001; pid <= 12_500; pid++) expect(map.get(pid)).toBe(pid & 0xffff);
    expect(map.get(10_000)).toBe(-1);
  });
});
