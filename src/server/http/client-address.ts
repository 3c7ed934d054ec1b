import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from './app-env';

/**
 * Which proxies in front of us may say who the client is (TRUST_PROXY):
 * - none: the socket's peer is the client; X-Forwarded-For is ignored (anyone can write it).
 * - hops: exactly this many proxies of ours sit in front; the client is the address the
 *   outermost one saw, i.e. the hops-th X-Forwarded-For entry from the right. Entries further
 *   left were written by the client and are never used.
 * - list: these addresses/subnets are our proxies; walking X-Forwarded-For from the right, the
 *   first address that is not one of them is the client (the socket peer must be one of them).
 */
export type TrustProxy =
  | { kind: 'none' }
  | { kind: 'hops'; hops: number }
  | { kind: 'list'; entries: readonly string[]; list: BlockList };

const TRUE_WORDS = new Set(['true', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'off']);

function addEntry(list: BlockList, entry: string): boolean {
  const [address, prefix] = entry.split('/');
  const family = address ? isIP(address) : 0;
  if (!address || family === 0) return false;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  if (prefix === undefined) {
    list.addAddress(address, type);
    return true;
  }
  const bits = Number(prefix);
  if (!/^\d+$/.test(prefix) || bits > (family === 6 ? 128 : 32)) return false;
  list.addSubnet(address, bits, type);
  return true;
}

/**
 * TRUST_PROXY as written in the environment. Examples: "" / "0" / "false" (none), "1" / "true"
 * (one proxy), "2" (two proxies), "10.0.0.5,172.16.0.0/12" (these proxies).
 */
export const TrustProxyVar = z
  .string()
  .optional()
  .transform((raw, ctx): TrustProxy => {
    const value = (raw ?? '').trim().toLowerCase();
    if (value === '' || value === '0' || FALSE_WORDS.has(value)) return { kind: 'none' };
    if (TRUE_WORDS.has(value)) return { kind: 'hops', hops: 1 };
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops > 20) {
        ctx.addIssue({ code: 'custom', message: 'must be at most 20 proxy hops' });
        return z.NEVER;
      }
      return { kind: 'hops', hops };
    }
    const entries = value
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    const list = new BlockList();
    for (const entry of entries) {
      if (!addEntry(list, entry)) {
        ctx.addIssue({
          code: 'custom',
          message:
            'must be false, a number of proxy hops, or a comma list of proxy IP addresses / CIDR subnets',
        });
        return z.NEVER;
      }
    }
    return { kind: 'list', entries, list };
  });

function stripMapped(address: string): string {
  // Node reports IPv4 peers of a dual-stack socket as ::ffff:a.b.c.d.
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function isListed(list: BlockList, address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** The TCP peer, through @hono/node-server's conninfo; undefined without a socket (app.request tests). */
export function socketAddress(c: Context<AppEnv>): string | undefined {
  try {
    const address = getConnInfo(c as unknown as Parameters<typeof getConnInfo>[0]).remote.address;
    return address ? stripMapped(address) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The address a request comes from, trusting only the configured proxies. Pure over its inputs
 * so it can be tested without sockets.
 */
export function resolveClientAddress(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trust: TrustProxy,
): string {
  const fallback = peer ?? 'unknown';
  if (trust.kind === 'none' || !forwardedFor) return fallback;
  const chain = forwardedFor
    .split(',')
    .map((e) => stripMapped(e.trim()))
    .filter(Boolean);
  if (trust.kind === 'hops') {
    if (trust.hops === 0 || chain.length === 0) return fallback;
    // Fewer entries than proxies: the chain is shorter than configured; the leftmost entry is
    // still one a proxy of ours wrote.
    return chain[Math.max(0, chain.length - trust.hops)] ?? fallback;
  }
  // A peer that is not our proxy wrote the header itself: ignore it.
  if (!peer || !isListed(trust.list, peer)) return fallback;
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = chain[i]!;
    if (!isListed(trust.list, hop)) return hop;
  }
  return chain[0] ?? fallback;
}

/** True when the socket peer is a proxy we trust (so its X-Forwarded-* headers may be read). */
export function peerIsTrustedProxy(peer: string | undefined, trust: TrustProxy): boolean {
  if (trust.kind === 'none') return false;
  if (trust.kind === 'hops') return trust.hops > 0;
  return peer !== undefined && isListed(trust.list, peer);
}

export function clientAddress(c: Context<AppEnv>, trust: TrustProxy): string {
  return resolveClientAddress(socketAddress(c), c.req.header('x-forwarded-for'), trust);
}
