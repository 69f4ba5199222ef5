// Regular expressions from the config (pins, excludes, display rules) run on
// the main thread against process names and command lines, and some of them
// may come from the fleet. A pattern with catastrophic backtracking,
// /^(a+)+$/ against a command line of 30 a's and a b, held the main thread
// for minutes: no tick, no health listener, nothing.
//
// V8 has a linear-time engine for the patterns it can run (no backreference,
// no lookaround). With these flags, set when this module loads (before any
// config pattern is compiled: schema.ts imports it), a pattern that
// backtracks too much falls back to it on its own; and `l` compiles a pattern
// on that engine only, which tells whether the fallback exists for it. A
// remote layer may set only patterns that have it (see remotePatternProblems
// in schema.ts). Measured: the pattern above, 45 s without the flag, under a
// millisecond with it.

import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
setFlagsFromString('--enable-experimental-regexp-engine');

/** Whether `source`, a valid pattern, cannot run on V8's linear-time engine (so it could backtrack without bound). An invalid one is not: the validation names it. */
export function needsBacktracking(source: string): boolean {
  try {
    new RegExp(source);
  } catch {
    return false;
  }
  try {
    new RegExp(source, 'l');
    return false;
  } catch {
    return true;
  }
}
