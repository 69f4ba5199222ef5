import { describe, expect, it } from 'vitest';
import { NAME_TABLE_DEFAULTS, NameTable } from '../../src/sampler/name-table.js';
import { displayNameRules } from '../../src/sampler/display-name-rules.js';
import { COMM_BYTES } from '../../src/table/layout.js';
import { attachViews, createSharedTable } from '../../src/table/shared-table.js';

function withNames(names: string[], v = attachViews(createSharedTable(names.length, names.length))) {
  names.forEach((name, slot) => {
    const bytes = Buffer.from(name);
    v.comm.set(bytes, slot * COMM_BYTES);
    v.commLen[slot] = bytes.length;
  });
  return v;
}

describe('NameTable', () => {
  it('gives equal names one id and different names different ids, by their bytes', () => {
    const v = withNames(['sleep', 'bash', 'sleep', 'sleep2', '', 'kworker/u8:0-events_unbound']);
    const t = new NameTable();
    t.beginTick();
    for (let slot = 0; slot < 6; slot++) t.assign(v, slot);
    const ids = [...v.nameId.subarray(0, 6)];
    expect(ids[0]).toBe(ids[2]);
    expect(new Set(ids).size).toBe(5);
    expect(t.nameOf(ids[5])).toBe('kworker/u8:0-events_unbound');
    expect(t.nameOf(ids[4])).toBe('');
  });

  it('grows past its first size within a tick, and once over its bounds forgets the names unseen in the last tick', () => {
    const many = Array.from({ length: 3000 }, (_, i) => `p${i}`);
    const t = new NameTable(undefined, { maxNames: 2000, initial: 16 });
    const v = withNames(many);
    t.beginTick();
    for (let slot = 0; slot < 3000; slot++) t.assign(v, slot);
    expect(t.size).toBe(3000);
    for (let slot = 0; slot < 3000; slot++) expect(t.nameOf(v.nameId[slot])).toBe(`p${slot}`);
    // Next tick only 10 names show up; the one after, the table keeps only them.
    t.beginTick();
    for (let slot = 0; slot < 10; slot++) t.assign(v, slot);
    t.beginTick();
    expect(t.size).toBe(10);
    expect(t.evictions).toBe(2990);
    for (let slot = 0; slot < 10; slot++) expect(t.nameOf(t.assign(v, slot))).toBe(`p${slot}`);
    expect(t.size).toBe(10);
  });

  // Issue 11 §7: 20 processes renaming themselves every millisecond grew the
  // agent's memory with no plateau until 65,536 names.
  it('under a churn of new names every tick, holds only the names seen in the last idleTicks ticks, and counts the rest as evicted', () => {
    const t = new NameTable(undefined, { idleTicks: 16 });
    const steady = withNames(['sshd', 'postgres']);
    const v = withNames(Array(22).fill(''));
    let seen = 0;
    for (let tick = 0; tick < 2000; tick++) {
      withNames([...Array.from({ length: 20 }, (_, i) => `n${i}-${tick}`), 'sshd', 'postgres'], v);
      t.beginTick();
      for (let slot = 0; slot < 22; slot++) {
        t.displayIdOf(t.assign(v, slot)); // every name's strings are made, as the tail does
        seen++;
      }
      expect(t.size).toBeLessThanOrEqual(20 * (16 + 2 + 1) + 2); // idleTicks, the ticks between sweeps, this tick
    }
    expect(t.evictions).toBeGreaterThan(2000 * 20 - 20 * 19);
    expect(t.bytesHeld).toBeLessThanOrEqual(NAME_TABLE_DEFAULTS.maxBytes);
    expect(t.displayEpoch).toBeGreaterThan(0); // the display names of the forgotten names went too
    // The steady names keep their display ids through the churn.
    t.beginTick();
    const sshd = t.displayIdOf(t.assign(steady, 0));
    expect(t.displayName(sshd)).toBe('sshd');
    expect(t.nameOf(t.assign(steady, 1))).toBe('postgres');
    expect(seen).toBe(44_000);
  });

  it('holds at most maxBytes in names and display names: the least recently seen go first, and the display ids are numbered anew (a new displayEpoch)', () => {
    const maxBytes = 64 * 1024;
    const t = new NameTable(undefined, { maxBytes, idleTicks: 1_000_000 });
    const epochs = new Set<number>();
    const v = withNames(Array(50).fill(''));
    for (let tick = 0; tick < 500; tick++) {
      withNames(Array.from({ length: 50 }, (_, i) => `a-long-process-name-${tick}-${i}`), v);
      t.beginTick();
      for (let slot = 0; slot < 50; slot++) t.displayIdOf(t.assign(v, slot));
      expect(t.bytesHeld).toBeLessThanOrEqual(maxBytes + 50 * 400); // a tick's own names come on top
      epochs.add(t.displayEpoch);
    }
    expect(t.evictions).toBeGreaterThan(20_000);
    expect(t.displayCount).toBeLessThan(1000);
    expect(epochs.size).toBeGreaterThan(1);
    // The names of the last tick are whole, and their display ids name them.
    t.beginTick();
    for (let slot = 0; slot < 50; slot++) expect(t.displayName(t.displayIdOf(t.assign(v, slot)))).toBe(`a-long-process-name-499-${slot}`);
  });

  it('a forgotten name that returns gets its display id back while the display names fit', () => {
    const t = new NameTable(undefined, { idleTicks: 8 });
    const a = withNames(['comes-and-goes']);
    t.beginTick();
    const d = t.displayIdOf(t.assign(a, 0));
    const other = withNames(['other']);
    for (let tick = 0; tick < 40; tick++) {
      t.beginTick();
      t.assign(other, 0);
    }
    expect(t.size).toBe(1);
    t.beginTick();
    expect(t.displayIdOf(t.assign(a, 0))).toBe(d);
    expect(t.displayEpoch).toBe(0);
  });

  it('folds names into display names by the rules, asking them once per name', () => {
    const v = withNames(['kworker/0:1-events', 'kworker/u8:0-events_unbound', 'ksoftirqd/0', 'sleep']);
    let asked = 0;
    const rule = displayNameRules([{ match: '^(kworker|ksoftirqd)/.*', name: '$1' }]);
    const t = new NameTable((name) => {
      asked++;
      return rule(name);
    });
    for (let tick = 0; tick < 3; tick++) {
      t.beginTick();
      for (let slot = 0; slot < 4; slot++) t.assign(v, slot);
      const display = [0, 1, 2, 3].map((slot) => t.displayName(t.displayIdOf(v.nameId[slot])));
      expect(display).toEqual(['kworker', 'kworker', 'ksoftirqd', 'sleep']);
    }
    expect(asked).toBe(4);
    expect(t.displayCount).toBe(3);
  });
});

describe('the default display rule', () => {
  it('folds per-cpu kernel threads into one name per kind, whatever work a kworker does, and leaves other names alone', async () => {
    const { DEFAULT_CONFIG } = await import('../../src/config/schema.js');
    const rule = displayNameRules(DEFAULT_CONFIG.display_name_rules);
    const names = ['kworker/0:1-events', 'kworker/0:1-mm_percpu_wq', 'kworker/u8:3-writeback', 'ksoftirqd/1', 'migration/0', 'cpuhp/3', 'irq/24-eth0', 'rcuop/7', 'kworkerd', 'sleep', 'kthreadd'];
    expect(names.map(rule)).toEqual(['kworker', 'kworker', 'kworker', 'ksoftirqd', 'migration', 'cpuhp', 'irq', 'rcuop', 'kworkerd', 'sleep', 'kthreadd']);
  });
});
