// uid → user name from /etc/passwd, read once and again only when the file
// changes (its mtime), not per row.

import { readFileSync, statSync } from 'node:fs';

export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields.length < 3 || line.startsWith('#')) continue;
    const uid = Number(fields[2]);
    if (Number.isInteger(uid) && !users.has(uid)) users.set(uid, fields[0]);
  }
  return users;
}

export class PasswdCache {
  private users = new Map<number, string>();
  private mtimeMs = -1;

  constructor(private readonly file = '/etc/passwd') {}

  /** Re-reads the file if it changed; call once per tick, not per row. */
  refresh(): void {
    try {
      const mtimeMs = statSync(this.file).mtimeMs;
      if (mtimeMs === this.mtimeMs) return;
      this.users = parsePasswd(readFileSync(this.file, 'utf8'));
      this.mtimeMs = mtimeMs;
    } catch {
      // No passwd file (a minimal container): users show as their uid.
    }
  }

  /** The user name of `uid`, or the uid itself as text. */
  nameOf(uid: number): string {
    return this.users.get(uid) ?? String(uid);
  }
}
