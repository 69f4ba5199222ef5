// The baseline most agents start from: readFileSync each stat as a string,
// then slice and split it into fields, one object per process.

import { readdirSync, readFileSync } from 'node:fs';

export interface NaiveRow {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  utime: number;
  stime: number;
  threads: number;
  starttime: number;
  vsize: number;
  rss: number;
}

export function naiveScan(root: string): NaiveRow[] {
  const rows: NaiveRow[] = [];
  for (const name of readdirSync(root)) {
    if (!/^\d+$/.test(name)) continue;
    let text: string;
    try {
      text = readFileSync(`${root}/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    const close = text.lastIndexOf(')');
    const f = text.slice(close + 2).split(' ');
    rows.push({
      pid: Number(name),
      comm: text.slice(text.indexOf('(') + 1, close),
      state: f[0],
      ppid: Number(f[1]),
      utime: Number(f[11]),
      stime: Number(f[12]),
      threads: Number(f[17]),
      starttime: Number(f[19]),
      vsize: Number(f[20]),
      rss: Number(f[21]),
    });
  }
  return rows;
}
