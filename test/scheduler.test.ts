import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TickScheduler } from '../src/scheduler.js';

describe('TickScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ticks at start + k·interval even when each tick takes time (no drift)', async () => {
    const starts: number[] = [];
    const s = new TickScheduler(1000, async () => {
      starts.push(performance.now());
      await new Promise((r) => setTimeout(r, 300)); // each tick costs 300 ms
    }, () => {});
    s.start();
    await vi.advanceTimersByTimeAsync(5_400); // the tick at 5000 ends at 5300
    await s.stop();
    expect(starts.map((t) => Math.round(t - starts[0]))).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
    expect(s.skipped).toBe(0);
  });

  it('skips (and counts) the slots a slow tick overran instead of overlapping', async () => {
    let running = 0;
    let maxRunning = 0;
    const starts: number[] = [];
    const s = new TickScheduler(1000, async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      starts.push(performance.now());
      await new Promise((r) => setTimeout(r, starts.length === 1 ? 2500 : 10));
      running--;
    }, () => {});
    s.start();
    await vi.advanceTimersByTimeAsync(4_500);
    await s.stop();
    expect(maxRunning).toBe(1);
    expect(s.skipped).toBe(2); // the slots at 1000 and 2000
    expect(starts.map((t) => Math.round(t - starts[0]))).toEqual([0, 3000, 4000]);
  });

  it('reports a failing tick and keeps going', async () => {
    const errors: unknown[] = [];
    let n = 0;
    const s = new TickScheduler(100, async () => {
      if (++n === 1) throw new Error('boom');
    }, (err) => errors.push(err));
    s.start();
    await vi.advanceTimersByTimeAsync(250);
    await s.stop();
    expect(errors).toHaveLength(1);
    expect(s.failed).toBe(1);
    expect(n).toBe(3);
  });

  it('its timer does not keep the process alive', async () => {
    const s = new TickScheduler(1000, async () => {}, () => {});
    s.start();
    await vi.advanceTimersByTimeAsync(10);
    // the pending timer is unref'd
    const timer = (s as unknown as { timer: NodeJS.Timeout }).timer;
    expect(timer.hasRef()).toBe(false);
    await s.stop();
  });
});
