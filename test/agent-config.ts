// An agent's config file for a test that runs real agents: its host id, its
// spool and queue under `home`, no metrics listener (any free port is not
// enough when several agents start at once), then the test's own keys; mode
// 0600, as the agent asks of a file holding tokens.

import { chmodSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_PROC } from './helpers.js';

export function writeAgentConfig(file: string, host: string, home: string, lines: readonly string[]): string {
  const all = [`host_id: ${host}`, `spool_dir: ${join(home, 'spool')}`, `queue_dir: ${join(home, 'queue')}`, 'metrics_listen: ""', ...lines];
  writeFileSync(file, `${all.join('\n')}\n`);
  chmodSync(file, 0o600);
  return file;
}

/**
 * A copy of the fixture's /proc at `root`, plus this process (an agent run
 * in it: its own row, agentSelf) as the fixture's bash with `rssPages`
 * resident pages, so that a test knows its agents' RSS exactly.
 */
export function procTreeWithSelf(root: string, rssPages: number): string {
  cpSync(FIXTURE_PROC, root, { recursive: true, verbatimSymlinks: true });
  // Without the fixture's giants (101, 117: 1.5 and 1 GiB; 113: an RSS of 2^64 − 1 pages), the top 2 rows hold nearly all the RSS.
  for (const pid of ['101', '113', '117']) rmSync(join(root, pid), { recursive: true });
  const self = join(root, String(process.pid));
  cpSync(join(FIXTURE_PROC, '100'), self, { recursive: true });
  const stat = readFileSync(join(FIXTURE_PROC, '100', 'stat'), 'utf8');
  // (1) pid, (2) comm, (24) rss: the fixture's bash has 8388608 bytes of VSZ (23) and 1000 pages (24).
  writeFileSync(join(self, 'stat'), stat.replace('100 (bash)', `${process.pid} (node)`).replace(' 8388608 1000 ', ` 8388608 ${rssPages} `));
  return root;
}
