// /proc/uptime: seconds since boot (and idle seconds, unused here).

import { readFileSync } from 'node:fs';

export function parseUptimeSeconds(text: string): number | undefined {
  const first = Number(text.trim().split(/\s+/)[0]);
  return Number.isFinite(first) && first >= 0 ? Math.floor(first) : undefined;
}

export function readUptimeSeconds(procRoot: string): number | undefined {
  try {
    return parseUptimeSeconds(readFileSync(`${procRoot}/uptime`, 'utf8'));
  } catch {
    return undefined;
  }
}
