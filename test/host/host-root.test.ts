// host_root: the host's files read under another root (a container with the
// host's / at /host), against fixture trees, never this machine's files.

import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { enricherFor } from '../../src/agent-parts.js';
import { checkConfig } from '../../src/config/schema.js';
import { hostIdOf, hostNameOf } from '../../src/host-id.js';
import { diskUsageOf } from '../../src/host/disk-usage.js';
import { hiddenHostMounts, mountPointsOf } from '../../src/host/hidden-mounts.js';
import { hostPath } from '../../src/host/host-path.js';
import { FIXTURE_PROC } from '../helpers.js';

const HOST = fileURLToPath(new URL('../fixtures/host', import.meta.url));

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>, links: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'iw-hostroot-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  for (const [path, target] of Object.entries(links)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    symlinkSync(target, join(root, path));
  }
  return root;
}

describe('hostPath: a host file under host_root, its links followed inside it', () => {
  it('starts an absolute link again at host_root, where the kernel would lead to the container\'s own file', () => {
    const root = tree({ 'usr/lib/os-release': 'NAME="In the tree"\n', 'usr/lib/sysimage/rpm/rpmdb.sqlite': 'x' }, {
      'etc/os-release': '/usr/lib/os-release',
      'var/lib/rpm': '/usr/lib/sysimage/rpm',
    });
    expect(hostPath(root, '/etc/os-release')).toBe(join(root, 'usr/lib/os-release'));
    expect(readFileSync(hostPath(root, '/etc/os-release'), 'utf8')).toBe('NAME="In the tree"\n');
    // A link in a folder of the path, not only the last name.
    expect(hostPath(root, '/var/lib/rpm/rpmdb.sqlite')).toBe(join(root, 'usr/lib/sysimage/rpm/rpmdb.sqlite'));
  });

  it('never climbs above host_root, follows relative links from where they are, and stops a loop', () => {
    const root = tree({ 'etc/passwd': 'p\n', 'usr/lib/os-release': 'o\n' }, {
      'etc/escape': '../../../../../etc/passwd',
      'etc/os-release': '../usr/lib/os-release',
      'etc/loop-a': 'loop-b',
      'etc/loop-b': 'loop-a',
    });
    expect(hostPath(root, '/etc/escape')).toBe(join(root, 'etc/passwd'));
    expect(hostPath(root, '/../../etc/passwd')).toBe(join(root, 'etc/passwd'));
    expect(hostPath(root, '/etc/os-release')).toBe(join(root, 'usr/lib/os-release'));
    expect(() => hostPath(root, '/etc/loop-a')).toThrow(expect.objectContaining({ code: 'ELOOP' }));
    // A missing file is named under the root: opening it fails as on the host.
    expect(hostPath(root, '/etc/missing/file')).toBe(join(root, 'etc/missing/file'));
  });

  it('leaves the path to the kernel under host_root "/"', () => {
    expect(hostPath('/', '/etc/os-release')).toBe('/etc/os-release');
  });
});

describe('the host id and name under host_root', () => {
  it('is host_id, else the machine id, else dbus\'s, else the host\'s /etc/hostname', () => {
    expect(hostIdOf('', HOST)).toBe('0f1e2d3c4b5a69788796a5b4c3d2e1f0');
    expect(hostIdOf('configured', HOST)).toBe('configured');
    expect(hostIdOf('', tree({ 'var/lib/dbus/machine-id': 'dbus-id\n', 'etc/hostname': 'h\n' }))).toBe('dbus-id');
    expect(hostIdOf('', tree({ 'etc/machine-id': '\n', 'etc/hostname': 'tree-host\n' }))).toBe('tree-host');
    expect(hostNameOf(HOST)).toBe('fixture-host');
    // No /etc/hostname in the tree, and under "/": the kernel's name.
    expect(hostNameOf(tree({}))).toBe(hostname());
    expect(hostNameOf('/')).toBe(hostname());
  });
});

describe('disk mounts under host_root', () => {
  it('statfs the mount under host_root and report it by the host\'s name', () => {
    const root = tree({ 'only-in-tree/x': '' });
    expect(diskUsageOf('/only-in-tree')).toBeUndefined();
    expect(diskUsageOf('/only-in-tree', root)).toMatchObject({ mount: '/only-in-tree' });
  });

  it('leave out a host mount the agent cannot see under host_root (a bind that was not recursive), not report its parent\'s figures', () => {
    const root = tree({});
    const real = realpathSync(root);
    const proc = tree({
      '1/mounts': ['/dev/sda1 / ext4 rw 0 0', '/dev/sdb1 /data ext4 rw 0 0', '/dev/sdc1 /with\\040space xfs rw 0 0', 'tmpfs /run tmpfs rw 0 0'].join('\n') + '\n',
    });
    const own = join(tree({ mounts: [`overlay / overlay rw 0 0`, `/dev/sda1 ${real} ext4 ro 0 0`, `/dev/sdb1 ${real}/data ext4 ro 0 0`].join('\n') + '\n' }), 'mounts');
    expect(mountPointsOf('a /with\\040space b\n')).toEqual(new Set(['/with space']));
    // /data is seen; "/with space" is a host mount the agent does not see; /var/log is no mount (df counts its folder's, as on the host).
    expect(hiddenHostMounts(root, proc, ['/', '/data/', '/with space', '/var/log'], own)).toEqual(['/with space']);
    expect(hiddenHostMounts('/', proc, ['/with space'], own)).toEqual([]);
  });
});

describe('the rows\' user names', () => {
  it('come from the passwd of host_root, not the machine\'s', () => {
    const checked = checkConfig({ host_root: HOST, proc_root: FIXTURE_PROC });
    const enricher = enricherFor(checked.config!);
    enricher.beginTick();
    // Fixture pid 100 runs as uid 0, pid 117 as 65534.
    expect(enricher.enrich(0, 100, 403520).userName).toBe('fixture-root');
    expect(enricher.enrich(1, 117, 0).userName).toBe('fixture-nobody');
    const onThisMachine = enricherFor(checkConfig({ proc_root: FIXTURE_PROC }).config!);
    onThisMachine.beginTick();
    expect(onThisMachine.enrich(0, 100, 403520).userName).toBe('root');
  });
});
