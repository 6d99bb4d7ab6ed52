import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { classifyAddress, matchesPrefix, parseIp } from './classify-address.js';
import { FetchError } from './errors.js';

/**
 * The SSRF guard. It runs inside the socket's own DNS lookup (so the address that is checked is
 * the address that is connected to: no DNS rebinding window) and on literal-IP hosts, which never
 * reach a lookup, before every request of a redirect chain.
 */
export interface AddressPolicy {
  /** Allow every address (ALLOW_PRIVATE_NETWORKS). Default false. */
  allowPrivateNetworks: boolean;
  /** Addresses or CIDR ranges allowed even though non-public (`10.1.2.3`, `10.1.0.0/16`, `fd00::/8`). */
  allowedAddresses: readonly string[];
}

/** Why `ip` is refused under `policy`, or null when it may be contacted. */
export function blockedReason(ip: string, policy: AddressPolicy): string | null {
  if (policy.allowPrivateNetworks) return null;
  const reason = classifyAddress(ip);
  if (reason === null) return null;
  return policy.allowedAddresses.some((range) => rangeContains(range, ip)) ? null : reason;
}

function rangeContains(range: string, ip: string): boolean {
  const [base, bits] = range.split('/') as [string, string | undefined];
  const baseBytes = parseIp(base);
  const ipBytes = parseIp(ip);
  if (!baseBytes || !ipBytes || baseBytes.length !== ipBytes.length) return false;
  const prefix = bits === undefined ? baseBytes.length * 8 : Number(bits);
  return Number.isInteger(prefix) && prefix >= 0 && prefix <= baseBytes.length * 8 && matchesPrefix(ipBytes, baseBytes, prefix);
}

function blockedError(host: string, address: string, reason: string): FetchError {
  const shown = host === address ? address : `${host} (${address})`;
  return new FetchError('FETCH_BLOCKED_ADDRESS', `refused to connect to ${shown}: ${reason}`, { details: { host, address, reason } });
}

/** Throws FETCH_BLOCKED_ADDRESS when `hostname` (as in URL.hostname) is a literal IP the policy refuses. */
export function assertLiteralHostAllowed(hostname: string, policy: AddressPolicy): void {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (!parseIp(bare)) return;
  const reason = blockedReason(bare, policy);
  if (reason !== null) throw blockedError(bare, bare, reason);
}

/**
 * A `lookup` for net/http/tls sockets that resolves every address of the name and refuses the
 * connection (FETCH_BLOCKED_ADDRESS, naming the address and the reason) when any of them is blocked.
 */
export function createGuardedLookup(policy: AddressPolicy, baseLookup: LookupFunction = dnsLookup as unknown as LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    baseLookup(hostname, { ...options, all: true }, (err, result, family) => {
      if (err) return callback(err, '', 0);
      const list: LookupAddress[] = Array.isArray(result) ? result : [{ address: result, family: family ?? (result.includes(':') ? 6 : 4) }];
      if (list.length === 0) {
        const notFound: NodeJS.ErrnoException = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
        return callback(notFound, '', 0);
      }
      for (const entry of list) {
        const reason = blockedReason(entry.address, policy);
        if (reason !== null) return callback(blockedError(hostname, entry.address, reason) as NodeJS.ErrnoException, '', 0);
      }
      if (options.all) return callback(null, list);
      const first = list[0]!;
      return callback(null, first.address, first.family);
    });
  };
}
