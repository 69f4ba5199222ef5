import { describe, expect, it } from 'vitest';
import { NameTable } from '../../src/sampler/name-table.js';
import { SketchBook } from '../../src/sketch/sketch-book.js';
import { COMM_BYTES, READ_OK } from '../../src/table/layout.js';
import { attachViews, createSharedTable, type TableViews } from '../../src/table/shared-table.js';

function table(names: string[], cpu: (i: number) => number, rss: (i: number) => number): TableViews {
  const v = attachViews(createSharedTable(names.length, names.length));
  names.forEach((name, slot) => {
    v.slotList[slot] = slot;
    v.status[slot] = READ_OK;
    v.cpuPct[slot] = cpu(slot);
    v.rssBytes[slot] = rss(slot);
    const bytes = Buffer.from(name);
    v.comm.set(bytes, slot * COMM_BYTES);
    v.commLen[slot] = bytes.length;
  });
  return v;
}

const OPTIONS = { scale: 6, hostBinLimit: 2048, keyBinLimit: 512 };

describe('SketchBook', () => {
  it('sketches cpu% and RSS over the host and per display name; a first-tick process adds no cpu', () => {
    const names = ['java', 'java', 'sleep', 'sleep', 'sleep'];
    const v = table(names, (i) => (i === 4 ? NaN : i + 1), (i) => (i + 1) * 4096);
    const n = new NameTable();
    n.assignScanned(v, names.length);
    const book = new SketchBook({ ...OPTIONS, memoryBudgetBytes: 1 << 20 });
    book.addTick(v, names.length, n);
    expect(book.host[0].count).toBe(4);
    expect(book.host[1].count).toBe(5);
    const keys = new Map<string, [number, number]>();
    book.forEachKey((id, pair) => keys.set(id < 0 ? '(host)' : n.displayName(id), [pair[0].count, pair[1].count]));
    expect(keys).toEqual(new Map([['(host)', [4, 5]], ['java', [2, 2]], ['sleep', [2, 3]]]));
    expect(book.keysMade).toBe(2);
    expect(book.binBytes).toBe(2 * 8 * (2048 + 2 * 512));
  });

  it('holds at most the budget\'s keys: names of the tick keep theirs, a new name takes the key of one gone, the rest go without; the host keeps every value', () => {
    const names = Array.from({ length: 10 }, (_, i) => `p${i}`);
    const v = table(names, () => 1, () => 4096);
    const n = new NameTable();
    n.assignScanned(v, 10);
    const book = new SketchBook({ ...OPTIONS, memoryBudgetBytes: 3 * 2 * 512 * 8 }); // 3 keys
    expect(book.capacity).toBe(3);
    const keyed = () => {
      const counts = new Map<string, number>();
      book.forEachKey((id, pair) => {
        if (id >= 0) counts.set(n.displayName(id), pair[1].count);
      });
      return counts;
    };
    // Ten names a tick, three keys: the first three keep theirs tick after tick (no cycle of evictions), seven go without.
    for (let tick = 1; tick <= 3; tick++) {
      book.addTick(v, 10, n);
      expect(book.misses).toBe(7);
      expect(keyed()).toEqual(new Map([['p0', tick], ['p1', tick], ['p2', tick]]));
    }
    expect(book.keysMade).toBe(3);
    expect(book.evictions).toBe(0);
    expect(book.host[1].count).toBe(30);
    // Then p0 and p1 are gone: two new names take their keys; p2 keeps its own.
    const w = table(['p2', 'q0', 'q1', 'q2'], () => 1, () => 4096);
    n.assignScanned(w, 4);
    book.addTick(w, 4, n);
    expect(book.evictions).toBe(2);
    expect(book.misses).toBe(1);
    expect(keyed()).toEqual(new Map([['p2', 4], ['q0', 1], ['q1', 1]]));
  });

  it('resets a window by refilling, with the same arrays', () => {
    const v = table(['a', 'b'], () => 5, () => 8192);
    const n = new NameTable();
    n.assignScanned(v, 2);
    const book = new SketchBook({ ...OPTIONS, memoryBudgetBytes: 1 << 20 });
    book.addTick(v, 2, n);
    const bins = book.host[1].positive.bins;
    book.resetWindow();
    expect(book.host[1].positive.bins).toBe(bins);
    expect(book.host[1].count).toBe(0);
    let keys = 0;
    book.forEachKey(() => keys++);
    expect(keys).toBe(1); // the host only
    book.addTick(v, 2, n);
    expect(book.keysMade).toBe(2); // the keys' sketches are reused, not made again
  });
});
