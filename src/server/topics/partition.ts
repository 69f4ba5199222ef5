// The partition of a message: hash(account, entity) mod P, one function for
// both topics, so that one host's raw rows and sketches land on partitions
// of the same number and a consumer that owns partition k sees all of that
// host's data in order. The hash is FNV-1a (32 bit) over the UTF-8 bytes of
// account NUL entity: stable across processes, versions and languages (the
// scale-out writer in another runtime must compute the same number).

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** The default P: partitions per topic (server.yaml `topics.partitions`). */
export const DEFAULT_PARTITIONS = 16;

export function partitionOf(account: string, entity: string, partitions: number): number {
  let h = FNV_OFFSET;
  const bytes = Buffer.from(`${account}\0${entity}`, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return h % partitions;
}
