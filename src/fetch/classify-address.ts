import { isIPv4, isIPv6 } from 'node:net';

/**
 * Pure IP classification for the SSRF guard: `classifyAddress(ip)` returns why an address must not
 * be fetched from (loopback, private, link-local, ...) or null when it is public unicast.
 * IPv6 forms that embed an IPv4 address (mapped, compatible, translated, NAT64, 6to4) are judged
 * by the embedded address.
 */

type Rule = readonly [base: string, prefix: number, reason: string];

/** First match wins, so specific ranges come before the ranges that contain them. */
const IPV4_RULES: readonly Rule[] = [
  ['0.0.0.0', 32, 'unspecified (0.0.0.0)'],
  ['0.0.0.0', 8, 'reserved ("this network", 0/8)'],
  ['10.0.0.0', 8, 'private (10/8)'],
  ['100.64.0.0', 10, 'carrier-grade NAT (100.64/10)'],
  ['127.0.0.0', 8, 'loopback (127/8)'],
  ['169.254.0.0', 16, 'link-local (169.254/16)'],
  ['172.16.0.0', 12, 'private (172.16/12)'],
  ['192.0.0.0', 24, 'reserved (IETF protocol assignments, 192.0.0/24)'],
  ['192.0.2.0', 24, 'reserved (documentation, 192.0.2/24)'],
  ['192.88.99.0', 24, 'reserved (6to4 relay anycast, 192.88.99/24)'],
  ['192.168.0.0', 16, 'private (192.168/16)'],
  ['198.18.0.0', 15, 'reserved (benchmarking, 198.18/15)'],
  ['198.51.100.0', 24, 'reserved (documentation, 198.51.100/24)'],
  ['203.0.113.0', 24, 'reserved (documentation, 203.0.113/24)'],
  ['224.0.0.0', 4, 'multicast (224/4)'],
  ['255.255.255.255', 32, 'broadcast (255.255.255.255)'],
  ['240.0.0.0', 4, 'reserved (240/4)'],
];

const IPV6_RULES: readonly Rule[] = [
  ['::', 128, 'unspecified (::)'],
  ['::1', 128, 'loopback (::1)'],
  ['64:ff9b:1::', 48, 'private (local-use NAT64, 64:ff9b:1::/48)'],
  ['100::', 64, 'reserved (discard-only, 100::/64)'],
  ['2001::', 32, 'reserved (Teredo, 2001::/32)'],
  ['2001:db8::', 32, 'reserved (documentation, 2001:db8::/32)'],
  ['2001::', 23, 'reserved (IETF protocol assignments, 2001::/23)'],
  ['3fff::', 20, 'reserved (documentation, 3fff::/20)'],
  ['fc00::', 7, 'private (unique local, fc00::/7)'],
  ['fe80::', 10, 'link-local (fe80::/10)'],
  ['fec0::', 10, 'private (deprecated site-local, fec0::/10)'],
  ['ff00::', 8, 'multicast (ff00::/8)'],
];

/** IPv6 prefixes whose last (or, for 6to4, second and third) 32 bits are an IPv4 address. */
const EMBEDDED_V4: readonly (readonly [base: string, prefix: number, offset: number, form: string])[] = [
  ['::ffff:0:0', 96, 12, 'IPv4-mapped'],
  ['::ffff:0:0:0', 96, 12, 'IPv4-translated'],
  ['64:ff9b::', 96, 12, 'NAT64'],
  ['2002::', 16, 2, '6to4'],
];

/** Parses an IPv4 or IPv6 literal (brackets and a `%zone` suffix tolerated) into 4 or 16 bytes; null if not an IP. */
export function parseIp(input: string): Uint8Array | null {
  let ip = input.trim();
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  const zone = ip.indexOf('%');
  if (zone >= 0) ip = ip.slice(0, zone);
  if (isIPv4(ip)) return Uint8Array.from(ip.split('.').map(Number));
  if (!isIPv6(ip)) return null;
  return parseIpv6(ip);
}

function parseIpv6(ip: string): Uint8Array {
  const bytes = new Uint8Array(16);
  const [head, tail] = ip.includes('::') ? (ip.split('::') as [string, string]) : [ip, null];
  const toWords = (part: string): number[] => {
    if (part === '') return [];
    const words: number[] = [];
    for (const piece of part.split(':')) {
      if (piece.includes('.')) {
        const [a, b, c, d] = piece.split('.').map(Number) as [number, number, number, number];
        words.push((a << 8) | b, (c << 8) | d);
      } else {
        words.push(parseInt(piece, 16));
      }
    }
    return words;
  };
  const headWords = toWords(head);
  const tailWords = tail === null ? [] : toWords(tail);
  const words = [...headWords, ...new Array<number>(8 - headWords.length - tailWords.length).fill(0), ...tailWords];
  words.forEach((w, i) => {
    bytes[i * 2] = w >> 8;
    bytes[i * 2 + 1] = w & 0xff;
  });
  return bytes;
}

/** True when the first `prefix` bits of `bytes` equal those of `base` (same length). */
export function matchesPrefix(bytes: Uint8Array, base: Uint8Array, prefix: number): boolean {
  if (bytes.length !== base.length) return false;
  const full = prefix >> 3;
  for (let i = 0; i < full; i++) if (bytes[i] !== base[i]) return false;
  const rest = prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((bytes[full] ?? 0) & mask) === ((base[full] ?? 0) & mask);
}

const compile = (rules: readonly Rule[]) => rules.map(([base, prefix, reason]) => ({ base: parseIp(base)!, prefix, reason }));
const V4 = compile(IPV4_RULES);
const V6 = compile(IPV6_RULES);
const V6_EMBEDDED = EMBEDDED_V4.map(([base, prefix, offset, form]) => ({ base: parseIp(base)!, prefix, offset, form }));
const V4_COMPATIBLE = parseIp('::')!;
const GLOBAL_UNICAST = parseIp('2000::')!;

/** Why `ip` must not be contacted, or null when it is a public unicast address. Non-IP input is refused. */
export function classifyAddress(ip: string): string | null {
  const bytes = parseIp(ip);
  if (!bytes) return 'not an IP address';
  return bytes.length === 4 ? classifyV4(bytes) : classifyV6(bytes);
}

function classifyV4(bytes: Uint8Array): string | null {
  return V4.find((r) => matchesPrefix(bytes, r.base, r.prefix))?.reason ?? null;
}

function classifyV6(bytes: Uint8Array): string | null {
  for (const e of V6_EMBEDDED) {
    if (!matchesPrefix(bytes, e.base, e.prefix)) continue;
    const v4 = bytes.subarray(e.offset, e.offset + 4);
    const inner = classifyV4(v4);
    return inner === null ? null : `${e.form} form of ${v4.join('.')}: ${inner}`;
  }
  const rule = V6.find((r) => matchesPrefix(bytes, r.base, r.prefix));
  if (rule) return rule.reason;
  if (matchesPrefix(bytes, V4_COMPATIBLE, 96)) {
    const v4 = bytes.subarray(12, 16);
    const inner = classifyV4(v4);
    return `IPv4-compatible form of ${v4.join('.')}: ${inner ?? 'reserved (deprecated ::/96)'}`;
  }
  if (!matchesPrefix(bytes, GLOBAL_UNICAST, 3)) return 'reserved (outside global unicast 2000::/3)';
  return null;
}
