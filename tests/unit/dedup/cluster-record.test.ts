import { describe, expect, it } from 'vitest';
import type { ClusterFingerprint } from '../../../src/dedup/cluster-features.js';
import { featureKind } from '../../../src/dedup/cluster-features.js';
import {
  ENTRY_BYTES,
  encodeRecord,
  featureId,
  postingsField,
  prependEntry,
  readRecordHead,
  recordClusterId,
  recordFeatureId,
  recordFeatureWeight,
  recordField,
  sortFeatures,
  storyRef,
} from '../../../src/dedup/cluster-record.js';

function fingerprint(features: Array<[number, number]>): ClusterFingerprint {
  return { storyId: 's', timeSec: 0, features: features.map(([key, weight]) => ({ key, kind: featureKind(key), weight })), mass: features.reduce((n, [, w]) => n + w, 0), headline: false };
}

describe('cluster records', () => {
  it.each([
    ['a short id', 'a', 1_737_100_800, 24],
    ['a 64-character id', 'x'.repeat(64), -5, 640],
    ['a hex story id', '0123456789abcdef', 0, 0],
  ])('encode and read back %s', (_name, clusterId, timeSec, mass) => {
    const features = fingerprint([
      [0xdeadbee1, 9],
      [0x00000102, 2],
      [0xffffff03, 6],
    ]);
    const sorted = sortFeatures(features, 2);
    const buf = encodeRecord(clusterId, timeSec, mass, sorted);
    expect(recordClusterId(buf)).toBe(clusterId);
    const head = readRecordHead(buf);
    expect(head).toMatchObject({ clusterId, timeSec, mass });
    const ids: number[] = [];
    const weights: number[] = [];
    for (let at = head?.from ?? 0; at < buf.length; at += 4) {
      ids.push(recordFeatureId(buf, at));
      weights.push(recordFeatureWeight(buf, at));
    }
    expect(ids).toEqual([featureId(0x00000102), featureId(0xdeadbee1), featureId(0xffffff03)]);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(weights).toEqual([2, 9, 6]);
  });

  it('marks a headline in the version byte, and reads both kinds', () => {
    const sorted = sortFeatures(fingerprint([[0x00000102, 2]]), 1);
    expect(readRecordHead(encodeRecord('c', 0, 2, sorted))?.headline).toBe(false);
    const headline = encodeRecord('c', 0, 2, sorted, true);
    expect(readRecordHead(headline)).toMatchObject({ clusterId: 'c', mass: 2, headline: true });
    expect(recordClusterId(headline)).toBe('c');
  });

  it('sorts features by id and marks the heaviest as anchors', () => {
    const sorted = sortFeatures(fingerprint([[0x30000002, 9], [0x10000001, 6], [0x20000003, 2]]), 2);
    expect([...sorted.ids]).toEqual([featureId(0x10000001), featureId(0x20000003), featureId(0x30000002)]);
    expect([...sorted.weights]).toEqual([6, 2, 9]);
    expect([...sorted.anchorOf]).toEqual([1, -1, 0]);
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['another version', Buffer.from([3, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x61])],
    ['a clusterId past the end', Buffer.from([1, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0x61])],
    ['features cut short', Buffer.from([1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x61, 1, 2])],
  ])('does not read %s as a record', (_name, buf) => {
    expect(readRecordHead(buf)).toBeNull();
  });

  it('puts a story in front of a list and keeps at most the list size', () => {
    const ref = storyRef('story-1');
    expect(ref).toHaveLength(8);
    expect(storyRef('story-1')).toBe(ref);
    expect(storyRef('story-2')).not.toBe(ref);
    let list: Buffer = Buffer.alloc(0);
    for (let i = 0; i < 5; i++) list = prependEntry(storyRef(`s${i}`), i + 1, list, 3 * ENTRY_BYTES);
    expect(list).toHaveLength(3 * ENTRY_BYTES);
    expect(list.toString('latin1', 0, 8)).toBe(storyRef('s4'));
    expect(list[8]).toBe(5);
    expect(list.toString('latin1', 18, 26)).toBe(storyRef('s2'));
  });

  it('names fields with one byte per character', () => {
    expect(postingsField(0x70a0b0c0)).toBe('p\x70\xa0\xb0\xc0');
    expect(recordField(storyRef('x'))).toHaveLength(9);
  });
});
