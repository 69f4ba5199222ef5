import { describe, expect, it } from 'vitest';
import { createScrubber, DEFAULT_SECRET_WORDS, MASK } from '../../src/enrich/scrub-cmdline.js';

const scrub = createScrubber();

// [command line, what it must become]
const masked: Array<[string, string]> = [
  ['mysqld --password=hunter2', `mysqld --password=${MASK}`],
  ['mysqld --password hunter2 --port 3306', `mysqld --password ${MASK} --port 3306`],
  ['app -password:hunter2', `app -password:${MASK}`],
  ['app password=hunter2', `app password=${MASK}`],
  ['app --db-password="a b c" -v', `app --db-password=${MASK} -v`],
  ["app --db-password='a b c' -v", `app --db-password=${MASK} -v`],
  ['app --PASSWORD=X', `app --PASSWORD=${MASK}`],
  ['env MYSQL_PWD=s3cr3t mysql', `env MYSQL_PWD=${MASK} mysql`],
  ['curl --access_token=abc --auth_token def', `curl --access_token=${MASK} --auth_token ${MASK}`],
  ['svc --api_key=1 --apikey 2 --client-secret:3', `svc --api_key=${MASK} --apikey ${MASK} --client-secret:${MASK}`],
  ['aws --credentials=/x/y', `aws --credentials=${MASK}`],
  ['pay --stripeToken=tok_123', `pay --stripeToken=${MASK}`],
  ['app --passwd   spaced', `app --passwd   ${MASK}`],
  ['a --secret=1 --secret=2', `a --secret=${MASK} --secret=${MASK}`],
  ['svc --api-key k3y --auth-token=t --mysql-pwd=p', `svc --api-key ${MASK} --auth-token=${MASK} --mysql-pwd=${MASK}`],
];

const untouched = [
  'passwd root', // the program itself, not an argument
  'cat /etc/passwd /tmp/x', // a path that holds a word is not a name
  'nginx: worker process',
  'java -Xmx2g -jar app.jar',
  'app --password', // a name with no value
  'sshd: user [priv]',
];

describe('command line scrubbing', () => {
  it.each(masked)('%s', (line, want) => {
    expect(scrub(line)).toBe(want);
  });

  it.each(untouched)('leaves %s as it is', (line) => {
    expect(scrub(line)).toBe(line);
  });

  it('masks every secret value of every default word, in every delimiter style, and leaves no trace of it', () => {
    const styles = [(n: string, v: string) => ` --${n}=${v}`, (n: string, v: string) => ` -${n}:${v}`, (n: string, v: string) => ` ${n} ${v}`, (n: string, v: string) => ` --x-${n}="${v} tail"`];
    for (const word of DEFAULT_SECRET_WORDS) {
      for (const style of styles) {
        const value = `V${word.length}Z`;
        const out = scrub('prog' + style(word, value) + ' --keep=me');
        expect(out, `${word}`).not.toContain(value);
        expect(out).toContain(MASK);
        expect(out.endsWith(' --keep=me')).toBe(true);
      }
    }
  });

  it('takes extra words', () => {
    expect(createScrubber(['pin'])('atm --pin=1234')).toBe(`atm --pin=${MASK}`);
    expect(scrub('atm --pin=1234')).toBe('atm --pin=1234');
  });
});
