// The errors a read of a process's file may meet in the normal course: the
// process exited (ENOENT, ESRCH) or the file is not ours to read (EACCES,
// EPERM). Callers treat those as "no value"; anything else (EIO, EISDIR,
// EMFILE, …) says something is wrong with the files themselves and is
// thrown, for the enrichment breaker to count.

export function isGoneOrDenied(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ESRCH' || code === 'EACCES' || code === 'EPERM';
}

/** Undefined for a gone or denied file; any other error is rethrown with the file named. */
export function unlessGoneOrDenied(err: unknown, file: string): undefined {
  if (isGoneOrDenied(err)) return undefined;
  throw new Error(`${file}: ${(err as Error).message}`, { cause: err });
}
