// Installed packages from an rpm database: rpmdb.sqlite (rpm 4.16 and
// later: RHEL 9, Fedora 33+, SUSE) under var/lib/rpm or usr/lib/sysimage/rpm.
// Each row of its Packages table is an rpm header blob:
//   [index count u32 BE][data length u32 BE][index: tag, type, offset, count (u32 BE each)…][data]
// NAME (1000), VERSION (1001), RELEASE (1002) are NUL-terminated strings,
// EPOCH (1003) an int32. The SQLite file is read with sql.js (SQLite in
// WebAssembly), loaded only when such a database exists. Older Berkeley DB
// rpm databases are not read.

import { existsSync, readFileSync } from 'node:fs';
import { hostPath } from './host-path.js';
import type { PackageVersion } from './package-version.js';

const TAG_NAME = 1000;
const TAG_VERSION = 1001;
const TAG_RELEASE = 1002;
const TAG_EPOCH = 1003;
const TYPE_INT32 = 4;
const TYPE_STRING = 6;

/** Name and version (epoch:version-release) of one header blob, or undefined when it is not one. */
export function packageOfHeader(blob: Uint8Array): PackageVersion | undefined {
  const b = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (b.length < 8) return undefined;
  const entries = b.readUInt32BE(0);
  const dataLength = b.readUInt32BE(4);
  const dataStart = 8 + entries * 16;
  if (dataStart + dataLength > b.length) return undefined;
  const fields = new Map<number, string | number>();
  for (let i = 0; i < entries; i++) {
    const at = 8 + i * 16;
    const tag = b.readUInt32BE(at);
    if (tag < TAG_NAME || tag > TAG_EPOCH) continue;
    const type = b.readUInt32BE(at + 4);
    const offset = dataStart + b.readUInt32BE(at + 8);
    if (offset >= dataStart + dataLength) return undefined;
    if (type === TYPE_STRING) {
      const end = b.indexOf(0, offset);
      if (end < 0) return undefined;
      fields.set(tag, b.toString('utf8', offset, end));
    } else if (type === TYPE_INT32) {
      fields.set(tag, b.readInt32BE(offset));
    }
  }
  const name = fields.get(TAG_NAME);
  const version = fields.get(TAG_VERSION);
  if (typeof name !== 'string' || typeof version !== 'string') return undefined;
  const release = fields.get(TAG_RELEASE);
  const epoch = fields.get(TAG_EPOCH);
  return { name, version: `${epoch !== undefined ? `${epoch}:` : ''}${version}${typeof release === 'string' ? `-${release}` : ''}` };
}

export function rpmDatabaseUnder(hostRoot: string): string | undefined {
  return ['/var/lib/rpm/rpmdb.sqlite', '/usr/lib/sysimage/rpm/rpmdb.sqlite'].map((p) => hostPath(hostRoot, p)).find((p) => existsSync(p));
}

/** The packages of the host's rpm database, by name; [] when it has none (or one this cannot read). */
export async function readRpmPackages(hostRoot: string): Promise<PackageVersion[]> {
  const file = rpmDatabaseUnder(hostRoot);
  if (file === undefined) return [];
  const { default: initSqlJs } = await import('sql.js');
  const SQL = await initSqlJs();
  const db = new SQL.Database(readFileSync(file));
  try {
    const packages: PackageVersion[] = [];
    const statement = db.prepare('SELECT blob FROM Packages');
    while (statement.step()) {
      const p = packageOfHeader(statement.get()[0] as Uint8Array);
      if (p !== undefined) packages.push(p);
    }
    statement.free();
    return packages.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  } finally {
    db.close();
  }
}
