import { describe, expect, it } from 'vitest';
import { blockedReason } from '../../../src/fetch/address-guard.js';
import { classifyAddress, parseIp } from '../../../src/fetch/classify-address.js';

describe('classifyAddress', () => {
  it.each([
    // IPv4 special ranges
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'reserved'],
    ['10.0.0.1', 'private (10/8)'],
    ['10.255.255.255', 'private (10/8)'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['172.16.0.1', 'private (172.16/12)'],
    ['172.31.255.255', 'private (172.16/12)'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.1', 'documentation'],
    ['192.88.99.1', '6to4 relay'],
    ['192.168.1.1', 'private (192.168/16)'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved (240/4)'],
    ['255.255.255.255', 'broadcast'],
    // IPv6
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fc00::1', 'unique local'],
    ['fd12:3456:789a::1', 'unique local'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
    ['2001:2::1', 'IETF protocol assignments'],
    ['100::1', 'discard-only'],
    ['3fff::1', 'documentation'],
    ['4000::1', 'outside global unicast'],
    ['64:ff9b:1::a00:1', 'local-use NAT64'],
    // IPv4 embedded in IPv6
    ['::ffff:127.0.0.1', 'IPv4-mapped form of 127.0.0.1: loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped form of 127.0.0.1: loopback'],
    ['::ffff:10.0.0.1', 'IPv4-mapped form of 10.0.0.1: private'],
    ['::ffff:169.254.169.254', 'IPv4-mapped form of 169.254.169.254: link-local'],
    ['::ffff:0:192.168.0.1', 'IPv4-translated form of 192.168.0.1: private'],
    ['::127.0.0.1', 'IPv4-compatible form of 127.0.0.1: loopback'],
    ['::8.8.8.8', 'IPv4-compatible form of 8.8.8.8: reserved'],
    ['64:ff9b::127.0.0.1', 'NAT64 form of 127.0.0.1: loopback'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 form of 169.254.169.254: link-local'],
    ['2002:7f00:1::', '6to4 form of 127.0.0.1: loopback'],
    ['2002:c0a8:101::1', '6to4 form of 192.168.1.1: private'],
    // not IPs
    ['example.com', 'not an IP address'],
    ['', 'not an IP address'],
    ['1.2.3', 'not an IP address'],
  ])('%s is refused: %s', (ip, expected) => {
    expect(classifyAddress(ip)).toContain(expected);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.169.0.1',
    '223.255.255.255',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
    '2001:4860:4860::8888',
  ])('%s is public', (ip) => {
    expect(classifyAddress(ip)).toBeNull();
  });

  it.each([
    ['1.2.3.4', [1, 2, 3, 4]],
    ['::1', [...new Array(15).fill(0), 1]],
    ['1::', [0, 1, ...new Array(14).fill(0)]],
    ['::ffff:1.2.3.4', [...new Array(10).fill(0), 255, 255, 1, 2, 3, 4]],
  ])('parseIp(%s)', (ip, bytes) => {
    expect([...parseIp(ip)!]).toEqual(bytes);
  });
});

describe('blockedReason', () => {
  const strict = { allowPrivateNetworks: false, allowedAddresses: [] };
  it.each([
    ['127.0.0.1', strict, 'loopback (127/8)'],
    ['127.0.0.1', { allowPrivateNetworks: true, allowedAddresses: [] }, null],
    ['10.1.2.3', { allowPrivateNetworks: false, allowedAddresses: ['10.1.0.0/16'] }, null],
    ['10.2.0.1', { allowPrivateNetworks: false, allowedAddresses: ['10.1.0.0/16'] }, 'private (10/8)'],
    ['10.1.2.3', { allowPrivateNetworks: false, allowedAddresses: ['10.1.2.3'] }, null],
    ['fd00::5', { allowPrivateNetworks: false, allowedAddresses: ['fd00::/8'] }, null],
    ['fd00::5', { allowPrivateNetworks: false, allowedAddresses: ['10.0.0.0/8', 'bogus'] }, 'private (unique local, fc00::/7)'],
    ['8.8.8.8', strict, null],
  ])('%s under %j -> %s', (ip, policy, expected) => {
    expect(blockedReason(ip, policy)).toBe(expected);
  });
});
