// Masks the values of secret-looking arguments in a command line. An
// argument is secret when its name contains one of the words, case
// insensitive, `_` and `-` alike; the name follows a space, `-` or `--` (so the program's own
// path is never taken for one); its value follows `=`, `:` or spaces, and
// is quoted or not. The whole value, quotes included, becomes ********.
//
//   mysqld --password=hunter2         → mysqld --password=********
//   app --api-key "a b"  -secret:x    → app --api-key ********  -secret:********
//   env DB_PASSWORD='p w' run         → env DB_PASSWORD=******** run

export const DEFAULT_SECRET_WORDS = [
  'password',
  'passwd',
  'mysql_pwd',
  'access_token',
  'auth_token',
  'api_key',
  'apikey',
  'secret',
  'credentials',
  'stripetoken',
] as const;

export const MASK = '********';

/** The word as a pattern in which `_` and `-` stand for each other (api_key, api-key). */
function wordPattern(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[-_]/g, '[-_]');
}

export type Scrubber = (commandLine: string) => string;

/** Builds the scrubber once (one regular expression for all the words). */
export function createScrubber(extraWords: readonly string[] = []): Scrubber {
  const words = [...DEFAULT_SECRET_WORDS, ...extraWords].map(wordPattern).join('|');
  // (1) what precedes the name: a space; (2) the name, with its dashes, of
  // word characters, dots and dashes (so a path like /etc/passwd is not a
  // name); (3) the separator; (4) the value: "…", '…' or up to a space.
  const pattern = new RegExp(`(\\s)(-{0,2}[\\w.-]*(?:${words})[\\w.-]*)(=|:|\\s+)("[^"]*"|'[^']*'|[^\\s"']\\S*)`, 'gi');
  return (commandLine) => commandLine.replace(pattern, (_m, before: string, name: string, sep: string) => `${before}${name}${sep}${MASK}`);
}
