import type { ClusterFingerprint } from './cluster-features.js';
import { hashString } from './word-hashes.js';

/**
 * Byte layout of the event-cluster index (both indexes store the same bytes). One hash per
 * generation, `${prefix}:cluster:e:${gen}`, with two kinds of fields:
 *
 * - `r` + storyRef (9 bytes) → the story's record: version byte 1 (2: a headline, see
 *   ClusterFingerprint.headline), publication time (6 bytes,
 *   signed, unix seconds), mass (2 bytes), clusterId length (1 byte) and clusterId, then every
 *   feature (up to maxFeatures), ascending by feature id, as 4 bytes: the upper 24 bits of its key,
 *   then its kind (2 bits: the key's low bits) and weight (6 bits);
 * - `p` + feature key (5 bytes) → the postings of an anchor feature: the newest stories that have
 *   it, newest first, at most maxPostings entries of storyRef (8 bytes) + weight (1 byte).
 *
 * A storyRef is 8 bytes of two 32-bit hashes of the storyId. A feature id is the 26-bit number
 * (upper 24 bits of the key) * 4 + kind: records compare features by id (two features in two
 * stories share an id by chance about once in 4,000 pairs of stories). Integers are big-endian.
 */

export const RECORD_VERSION = 1;
/** The version byte of a headline's record (same layout). */
export const HEADLINE_RECORD_VERSION = 2;
export const ENTRY_BYTES = 9;
const HEADER_BYTES = 10;

/** The fields of a record needed before scoring; the features stay in the buffer (see `featuresAt`). */
export interface ClusterRecordHead {
  clusterId: string;
  timeSec: number;
  mass: number;
  /** The story is a headline (ClusterFingerprint.headline). */
  headline: boolean;
  buf: Buffer;
  /** Offset of the first feature. */
  from: number;
}

/** A story's features ascending by id, with the weight and the anchor number (-1: none) of each. */
export interface SortedFeatures {
  ids: Int32Array;
  weights: Uint8Array;
  anchorOf: Int8Array;
}

/** The 8-byte reference of a storyId, as a one-byte-per-character string. */
export function storyRef(storyId: string): string {
  const a = hashString(storyId, 0x3c6ef372);
  const b = hashString(storyId, 0x1b873593);
  return String.fromCharCode(a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255, b >>> 24, (b >>> 16) & 255, (b >>> 8) & 255, b & 255);
}

export function recordField(ref: string): string {
  return `r${ref}`;
}

export function postingsField(key: number): string {
  return String.fromCharCode(0x70, key >>> 24, (key >>> 16) & 255, (key >>> 8) & 255, key & 255);
}

/** The 26-bit id of a feature key. */
export function featureId(key: number): number {
  return (key >>> 8) * 4 + (key & 3);
}

/** The story's features ascending by id; the first `anchors` features (heaviest) are anchors 0.. */
export function sortFeatures(fp: ClusterFingerprint, anchors: number): SortedFeatures {
  const n = fp.features.length;
  // id (26 bits), weight (6 bits), anchor + 1 (6 bits) in one exact double: a plain numeric sort.
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = fp.features[i] as { key: number; weight: number };
    packed[i] = featureId(f.key) * 4096 + Math.min(f.weight, 63) * 64 + (i < anchors ? i + 1 : 0);
  }
  packed.sort();
  const ids = new Int32Array(n);
  const weights = new Uint8Array(n);
  const anchorOf = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const v = packed[i] as number;
    const low = v % 4096;
    ids[i] = (v - low) / 4096;
    weights[i] = low >>> 6;
    anchorOf[i] = (low & 63) - 1;
  }
  return { ids, weights, anchorOf };
}

export function encodeRecord(clusterId: string, timeSec: number, mass: number, features: SortedFeatures, headline = false): Buffer {
  const idLength = clusterId.length;
  const n = features.ids.length;
  const out = Buffer.allocUnsafe(HEADER_BYTES + idLength + n * 4);
  out[0] = headline ? HEADLINE_RECORD_VERSION : RECORD_VERSION;
  out.writeIntBE(Math.max(-(2 ** 47), Math.min(2 ** 47 - 1, timeSec)), 1, 6);
  out.writeUInt16BE(Math.min(mass, 65535), 7);
  out[9] = idLength;
  for (let i = 0; i < idLength; i++) out[HEADER_BYTES + i] = clusterId.charCodeAt(i);
  let at = HEADER_BYTES + idLength;
  for (let i = 0; i < n; i++) {
    const id = features.ids[i] as number;
    out[at] = id >>> 18;
    out[at + 1] = (id >>> 10) & 255;
    out[at + 2] = (id >>> 2) & 255;
    out[at + 3] = ((id & 3) << 6) | (features.weights[i] as number);
    at += 4;
  }
  return out;
}

/** The record's head, or null when the bytes are not a record (another version, a foreign value). */
export function readRecordHead(buf: Buffer): ClusterRecordHead | null {
  if (buf.length < HEADER_BYTES || !isRecordVersion(buf[0])) return null;
  const idLength = buf[9] as number;
  const from = HEADER_BYTES + idLength;
  if (idLength === 0 || from > buf.length || (buf.length - from) % 4 !== 0) return null;
  return { clusterId: buf.toString('latin1', HEADER_BYTES, from), timeSec: buf.readIntBE(1, 6), mass: buf.readUInt16BE(7), headline: buf[0] === HEADLINE_RECORD_VERSION, buf, from };
}

/** Just the clusterId of a record (a replay needs nothing else), or null. */
export function recordClusterId(buf: Buffer): string | null {
  if (buf.length < HEADER_BYTES || !isRecordVersion(buf[0])) return null;
  const idLength = buf[9] as number;
  if (idLength === 0 || HEADER_BYTES + idLength > buf.length) return null;
  return buf.toString('latin1', HEADER_BYTES, HEADER_BYTES + idLength);
}

function isRecordVersion(v: number | undefined): boolean {
  return v === RECORD_VERSION || v === HEADLINE_RECORD_VERSION;
}

/** The id of the record feature at byte offset `at`. */
export function recordFeatureId(buf: Buffer, at: number): number {
  return (buf[at] as number) * 262144 + (buf[at + 1] as number) * 1024 + (buf[at + 2] as number) * 4 + ((buf[at + 3] as number) >>> 6);
}

/** The weight of the record feature at byte offset `at`. */
export function recordFeatureWeight(buf: Buffer, at: number): number {
  return (buf[at + 3] as number) & 63;
}

/** A new list: this story's entry (storyRef + weight) in front of `list`, cut to `maxBytes`. */
export function prependEntry(ref: string, weight: number, list: Buffer, maxBytes: number): Buffer {
  const kept = Math.min(list.length, maxBytes - ENTRY_BYTES);
  const out = Buffer.allocUnsafe(ENTRY_BYTES + kept);
  for (let i = 0; i < 8; i++) out[i] = ref.charCodeAt(i);
  out[8] = Math.min(weight, 255);
  for (let i = 0; i < kept; i++) out[ENTRY_BYTES + i] = list[i] as number;
  return out;
}
