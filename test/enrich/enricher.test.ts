import { describe, expect, it } from 'vitest';
import { Enricher } from '../../src/enrich/enricher.js';
import { createScrubber } from '../../src/enrich/scrub-cmdline.js';
import { commandLineOf } from '../../src/procfs/read-cmdline.js';
import { FIXTURE_PROC } from '../helpers.js';

describe('Enricher', () => {
  it('reads a row\'s cmdline and user once per (pid, starttime), and again for a new process in the slot', () => {
    const e = new Enricher({ procRoot: FIXTURE_PROC, cmdlineMaxBytes: 4096, scrub: createScrubber() });
    e.beginTick();
    expect(e.enrich(7, 117, 403520)).toEqual({
      command: 'java',
      commandLine: 'java -Dpassword=******** -jar app.jar --api-key ********',
      commandLineTruncated: false,
      userName: 'nobody',
    });
    expect(e.reads).toBe(2);
    e.endTick();
    e.beginTick();
    e.enrich(7, 117, 403520);
    expect(e.reads).toBe(0); // cached
    e.endTick();
    e.beginTick();
    e.enrich(7, 100, 999); // the slot now holds another process
    expect(e.reads).toBe(2);
    expect(e.enrich(7, 100, 999).commandLine).toBe('bash -c echo hi');
  });

  it('forgets processes that stopped being rows', () => {
    const e = new Enricher({ procRoot: FIXTURE_PROC, cmdlineMaxBytes: 4096, scrub: undefined });
    e.beginTick();
    e.enrich(1, 100, 1);
    e.endTick();
    e.beginTick();
    e.endTick(); // not a row this tick
    e.beginTick();
    e.enrich(1, 100, 1);
    expect(e.reads).toBe(2);
  });

  it('leaves the command line as it is when scrubbing is off, and has no cmdline for a process without one', () => {
    const e = new Enricher({ procRoot: FIXTURE_PROC, cmdlineMaxBytes: 4096, scrub: undefined });
    e.beginTick();
    expect(e.enrich(1, 117, 1).commandLine).toBe('java -Dpassword=hunter2 -jar app.jar --api-key k3y');
    expect(e.enrich(2, 101, 1)).toEqual({ command: '', commandLine: '', commandLineTruncated: false, userName: '' });
  });

  it('caps the command line and marks it truncated', () => {
    const e = new Enricher({ procRoot: FIXTURE_PROC, cmdlineMaxBytes: 64, scrub: undefined });
    e.beginTick();
    expect(e.enrich(1, 117, 1)).toMatchObject({ commandLine: 'java -Dpassword=hunter2 -jar app.jar --api-key k3y', commandLineTruncated: false });
    const short = new Enricher({ procRoot: FIXTURE_PROC, cmdlineMaxBytes: 10, scrub: undefined });
    short.beginTick();
    expect(short.enrich(1, 117, 1)).toMatchObject({ commandLine: 'java -Dpas', commandLineTruncated: true });
  });
});

describe('commandLineOf', () => {
  it('turns NULs into spaces and drops the trailing ones', () => {
    expect(commandLineOf(Buffer.from('a\0b c\0\0\0'), false)).toEqual({ text: 'a b c', truncated: false, command: 'a' });
    expect(commandLineOf(Buffer.from([0x61, 0xc3]), true)).toEqual({ text: 'a\uFFFD', truncated: true, command: 'a\uFFFD' });
    // argv[0] may hold spaces (a process that rewrote it): it ends at the first NUL, not the first space.
    expect(commandLineOf(Buffer.from('nginx: worker process\0-g\0'), false).command).toBe('nginx: worker process');
  });
});
