import { describe, expect, it } from 'vitest';
import { NameTable } from '../../src/sampler/name-table.js';
import { displayNameRules } from '../../src/sampler/display-name-rules.js';
import { COMM_BYTES } from '../../src/table/layout.js';
import { attachViews, createSharedTable } from '../../src/table/shared-table.js';

function withNames(names: string[]) {
  const v = attachViews(createSharedTable(names.length, names.length));
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

  it('grows past its first size and forgets names unseen for a tick once full', () => {
    const many = Array.from({ length: 3000 }, (_, i) => `p${i}`);
    const t = new NameTable(undefined, 2000, 16);
    const v = withNames(many);
    t.beginTick();
    for (let slot = 0; slot < 3000; slot++) t.assign(v, slot);
    expect(t.size).toBe(3000);
    for (let slot = 0; slot < 3000; slot++) expect(t.nameOf(v.nameId[slot])).toBe(`p${slot}`);
    // Next tick only 10 names show up; the one after, the table compacts to them.
    t.beginTick();
    for (let slot = 0; slot < 10; slot++) t.assign(v, slot);
    t.beginTick();
    expect(t.size).toBe(10);
    for (let slot = 0; slot < 10; slot++) expect(t.nameOf(t.assign(v, slot))).toBe(`p${slot}`);
    expect(t.size).toBe(10);
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
