/**
 * Which network addresses a webhook may never be delivered to in production: anything that is
 * not a public unicast address (private, loopback, link-local — the cloud metadata service —,
 * carrier-grade NAT, unique-local, multicast, unspecified, reserved). Checked with node's
 * net.BlockList on parsed addresses (IPv4-mapped IPv6 included), never with patterns over strings.
 */
import { BlockList, isIP } from 'node:net';

const V4_RANGES: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const V6_RANGES: Array<[string, number]> = [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible form (::127.0.0.1)
  ['64:ff9b::', 96], // NAT64: an IPv4 address behind a translator
  ['64:ff9b:1::', 48],
  ['100::', 64], // discard
  ['2001::', 32], // Teredo: an IPv4 address tunnelled through a relay
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: an IPv4 address in bits 16-47 (2002:a9fe:a9fe:: is 169.254.169.254)
  ['::ffff:0:0:0', 96], // SIIT's IPv4-translated form (::ffff:0:a9fe:a9fe)
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const BLOCKED = new BlockList();
for (const [net, prefix] of V4_RANGES) BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of V6_RANGES) BLOCKED.addSubnet(net, prefix, 'ipv6');

/** True for an address a production webhook must not reach (and for anything that is not an IP). */
export function isNonPublicAddress(address: string): boolean {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(bare);
  if (family === 0) return true;
  if (family === 4) return BLOCKED.check(bare, 'ipv4');
  // BlockList matches an IPv4-mapped address (::ffff:127.0.0.1, ::ffff:7f00:1) against the IPv4
  // rules; the unit table holds it to that.
  return BLOCKED.check(bare, 'ipv6');
}
