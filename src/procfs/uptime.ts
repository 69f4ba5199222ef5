// /proc/uptime: seconds since boot (and idle seconds, unused here).

import { readTextUnderRoot } from './proc-file.js';

export function parseUptimeSeconds(text: string): number | undefined {
  const first = Number(text.trim().split(/\s+/)[0]);
  return Number.isFinite(first) && first >= 0 ? Math.floor(first) : undefined;
}

export function readUptimeSeconds(procRoot: string): number | undefined {
  try {
    return parseUptimeSeconds(readTextUnderRoot(procRoot, 'uptime'));
  } catch {
    return undefined;
  }
}
