import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { ValidationError } from '../errors.js';

// Ranges no workspace may reach unless the config allows them: loopback, private, link-local, CGNAT, unique-local,
// multicast, unspecified, documentation and reserved space. IPv4 written inside IPv6 (mapped, compatible, NAT64,
// 6to4) is unwrapped and judged as IPv4, so no spelling of 127.0.0.1 gets through.
const REFUSED_V4: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];
const REFUSED_V6: Array<[string, number, string]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['100::', 64, 'discard'],
  ['2001:db8::', 32, 'documentation'],
  ['2001::', 23, 'reserved'],
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

const refusedV4 = REFUSED_V4.map(([network, prefix, reason]) => ({ list: subnet(network, prefix, 'ipv4'), reason }));
const refusedV6 = REFUSED_V6.map(([network, prefix, reason]) => ({ list: subnet(network, prefix, 'ipv6'), reason }));

function subnet(network: string, prefix: number, family: 'ipv4' | 'ipv6'): BlockList {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return list;
}

/** An address without brackets or zone, with IPv4 unwrapped from its IPv6 spellings; undefined if not an IP. */
export function normalizeAddress(input: string): { address: string; family: 'ipv4' | 'ipv6' } | undefined {
  const bare = input.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIPv4(bare)) return { address: bare, family: 'ipv4' };
  if (!isIPv6(bare)) return undefined;
  const embedded = embeddedIpv4(bare);
  return embedded ? { address: embedded, family: 'ipv4' } : { address: bare.toLowerCase(), family: 'ipv6' };
}

// ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), 64:ff9b::/96 (NAT64) and 2002::/16 (6to4) all carry an IPv4.
function embeddedIpv4(address: string): string | undefined {
  const words = expandIpv6(address);
  const v4 = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  const zeros = (from: number, to: number) => words.slice(from, to).every((word) => word === 0);
  if (zeros(0, 5) && words[5] === 0xffff) return v4(words[6]!, words[7]!);
  if (zeros(0, 6) && (words[6] !== 0 || words[7]! > 1)) return v4(words[6]!, words[7]!);
  if (words[0] === 0x64 && words[1] === 0xff9b && zeros(2, 6)) return v4(words[6]!, words[7]!);
  if (words[0] === 0x2002) return v4(words[1]!, words[2]!);
  return undefined;
}

function expandIpv6(address: string): number[] {
  let text = address.toLowerCase();
  // A dotted tail (::ffff:127.0.0.1) becomes two hex words first.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((word) => Number.parseInt(word, 16));
}

/** Why an address may not be reached (`loopback`, `private`, ...), or undefined when it is a public address. */
export function refusalReason(address: string): string | undefined {
  const normal = normalizeAddress(address);
  if (!normal) return 'not an IP address';
  const ranges = normal.family === 'ipv4' ? refusedV4 : refusedV6;
  if (normal.family === 'ipv4' && normal.address === '255.255.255.255') return 'broadcast';
  return ranges.find(({ list }) => list.check(normal.address, normal.family))?.reason;
}

/** The config's allow-list: CIDRs and addresses (`127.0.0.0/8`, `::1`), and host names (`localhost`, `*.corp.example`). */
export interface AllowList {
  /** True when the address is inside an allowed range. */
  address(address: string): boolean;
  /** True when the host name is allowed whatever it resolves to. */
  host(hostname: string): boolean;
}

/** Parses allow-list entries; an entry that is neither a CIDR, an address nor a host name is a validation_error. */
export function parseAllowList(entries: readonly string[]): AllowList {
  const ranges = new BlockList();
  const names = new Set<string>();
  const suffixes: string[] = [];
  const refuse = (index: number, message: string): never => {
    throw new ValidationError(`egress.allow[${index}]: ${message}`, [{ path: `egress.allow[${index}]`, message }]);
  };
  for (const [index, entry] of entries.entries()) {
    const [network = '', prefixText] = entry.trim().split('/');
    const normal = normalizeAddress(network);
    if (normal) {
      const max = normal.family === 'ipv4' ? 32 : 128;
      const prefix = prefixText === undefined ? max : Number(prefixText);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) refuse(index, `"${entry}" has a bad prefix length`);
      ranges.addSubnet(normal.address, prefix, normal.family);
    } else if (/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(entry)) {
      if (entry.startsWith('*.')) suffixes.push(entry.slice(1).toLowerCase());
      else names.add(entry.toLowerCase());
    } else {
      refuse(index, `"${entry}" is neither an address, a CIDR range nor a host name`);
    }
  }
  return {
    address(address) {
      const normal = normalizeAddress(address);
      return normal !== undefined && ranges.check(normal.address, normal.family);
    },
    host(hostname) {
      const name = hostname.toLowerCase().replace(/\.$/, '');
      return names.has(name) || suffixes.some((suffix) => name.endsWith(suffix));
    },
  };
}
