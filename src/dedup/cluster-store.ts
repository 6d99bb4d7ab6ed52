/**
 * What the event-cluster decision (decide-cluster.ts) needs from where the bytes live: reads of
 * generation hashes and an atomic per-story commit. Two implementations make the same decisions:
 * Maps (memory-cluster-index.ts) and Redis with short Lua scripts (redis-cluster-index.ts).
 * Field names are one-byte-per-character strings (cluster-record.ts).
 */

export interface ClusterRead {
  gen: number;
  fields: readonly string[];
}

/**
 * How a commit treats a list: `blind` writes `next` whatever the list is now (a story registered
 * concurrently with the same feature may drop out of it: it then loses that feature's candidacy
 * and recency credit, nothing else); `check` refuses the story's commit when the list changed
 * since the read.
 */
export type ClusterListMode = 'blind' | 'check';

export interface ClusterListWrite {
  field: string;
  /** The list with this story in front, computed from the read. */
  next: Buffer;
  /** The list as read (empty buffer: absent). */
  expected: Buffer;
  mode: ClusterListMode;
}

export interface ClusterCommit {
  recordField: string;
  record: Buffer;
  lists: readonly ClusterListWrite[];
}

export type ClusterCommitResult = { kind: 'registered' } | { kind: 'known'; record: Buffer } | { kind: 'conflict' };

export interface ClusterStore {
  /**
   * Per generation (newest first), one value (or null) per field; one round trip. A store may
   * leave out (null) a field's value in a generation when a newer generation has a record for it
   * (9-byte `r` fields) or a list of at least `fullBytes` (postings): the decision ignores those.
   */
  readLatest(gens: readonly number[], fields: readonly string[], fullBytes: number): Promise<Array<Array<Buffer | null>>>;
  /** Per read, one value (or null) per field; one round trip. */
  read(reads: readonly ClusterRead[]): Promise<Array<Array<Buffer | null>>>;
  /**
   * In order, each story atomically, seeing the earlier ones: `known` with the stored record when
   * the record field is set in generation `gen`; `conflict` when a `check` list changed since the
   * read (a list "still is" its expected value when it has the same length and first 4 bytes:
   * lists only get entries in front and lose them at the end); else the record and each list's
   * `next` are written, the hash set to expire at `expireAtSec`, and `registered`.
   */
  commit(gen: number, expireAtSec: number, stories: readonly ClusterCommit[]): Promise<ClusterCommitResult[]>;
}
