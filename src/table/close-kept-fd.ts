// Closing an fd of the table's `fd` column. The table owns every one of them
// (process-table.ts says why); the table's sweep and the scan's slice reader,
// in the workers, both close them through here. A module of its own, so that
// a worker loads it without the table.

import { closeSync } from 'node:fs';

let ownerWarned = false;

/**
 * Closes an fd taken out of the table's column. It has one owner, so a close
 * that fails (EBADF: another owner closed the number) is a bug, and it is
 * reported (once a thread): the other owner may as well have closed it while
 * the number belonged to something else.
 */
export function closeKeptFd(fd: number): void {
  try {
    closeSync(fd);
  } catch (err) {
    if (ownerWarned) return;
    ownerWarned = true;
    process.emitWarning(`closing kept stat fd ${fd}: ${(err as NodeJS.ErrnoException).code}: another owner closed it first`, { code: 'IW_WARN_FD_OWNER' });
  }
}
