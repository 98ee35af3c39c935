import type { Context } from "hono";
import type { GetConnInfo } from "hono/conninfo";
import ipaddr from "ipaddr.js";
import proxyaddr from "proxy-addr";
import type { Config } from "./config";

/**
 * Who is on the other end of a request, decided in one place for the gateway's rate limit,
 * the login limits, session records and the CSRF origin check.
 *
 * The socket's peer is the truth. X-Forwarded-For, X-Real-IP, X-Forwarded-Host and
 * X-Forwarded-Proto are anyone's to write, so they count only when that peer is one of
 * TRUSTED_PROXIES; X-Forwarded-For is then walked from the right past trusted hops only
 * (proxy-addr, as Express does), so whatever a client prepends is never reached.
 */
export interface Client {
  /** The client's address, canonical (IPv4-mapped IPv6 as IPv4); "unknown" without a connection. */
  ip: string;
  /** What limits count by: the address, or its /64 for IPv6 (one host usually holds a whole /64). */
  limitKey: string;
  /** The host and scheme the client asked for: forwarded ones only from a trusted proxy. */
  host: string;
  proto: "http" | "https";
  /** X-Forwarded-For to send on: the client, the trusted hops, then this connection's peer. */
  forwardedFor: string;
}

// hono/bun touches the Bun global as it loads, so each runtime loads only the reader for the
// server functions/serve.ts starts there (Bun.serve under bun, @hono/node-server under Node).
const getConnInfo: GetConnInfo =
  "Bun" in globalThis
    ? (await import("hono/bun")).getConnInfo
    : (await import("@hono/node-server/conninfo")).getConnInfo;

/** The socket's remote address from the server's connection env; undefined without one. */
export function peerAddress(c: Context): string | undefined {
  if (!c.env) return undefined;
  try {
    return getConnInfo(c).remote.address || undefined;
  } catch {
    // no connection env (an internal call such as the local broker's deliveries)
    return undefined;
  }
}

type Trust = (addr: string, i: number) => boolean;
const compiled = new Map<string, Trust>();
function trustOf(list: readonly string[]): Trust {
  const key = list.join(",");
  let trust = compiled.get(key);
  if (!trust) {
    trust = proxyaddr.compile([...list]);
    compiled.set(key, trust);
  }
  return trust;
}

const canonical = (addr: string) => ipaddr.process(addr).toString();

function limitKeyOf(addr: string): string {
  if (!ipaddr.isValid(addr)) return addr;
  const ip = ipaddr.process(addr);
  if (ip.kind() === "ipv4") return ip.toString();
  const prefix = (ip as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...prefix, 0, 0, 0, 0]).toString()}/64`;
}

const firstValue = (header: string | undefined) => header?.split(",")[0]?.trim() || undefined;

export function resolveClient(c: Context, config: Pick<Config, "TRUSTED_PROXIES">): Client {
  const url = new URL(c.req.url);
  const ownProto = url.protocol === "https:" ? "https" : "http";
  const ownHost = c.req.header("host") || url.host;
  const peer = peerAddress(c);
  if (!peer || !ipaddr.isValid(peer)) {
    return { ip: "unknown", limitKey: "unknown", host: ownHost, proto: ownProto, forwardedFor: "" };
  }
  const trust = trustOf(config.TRUSTED_PROXIES);
  if (!trust(peer, 0)) {
    const ip = canonical(peer);
    return { ip, limitKey: limitKeyOf(ip), host: ownHost, proto: ownProto, forwardedFor: ip };
  }

  // [peer, nearest hop, …, client], stopping at the first address that is not a trusted proxy
  const forwarded = c.req.header("x-forwarded-for") ?? c.req.header("x-real-ip") ?? "";
  const chain = proxyaddr
    .all({ headers: { "x-forwarded-for": forwarded }, connection: { remoteAddress: peer } } as never, trust)
    .filter((addr) => ipaddr.isValid(addr))
    .map(canonical);
  const ip = chain[chain.length - 1] ?? canonical(peer);
  const forwardedProto = firstValue(c.req.header("x-forwarded-proto"))?.toLowerCase();
  return {
    ip,
    limitKey: limitKeyOf(ip),
    host: firstValue(c.req.header("x-forwarded-host")) ?? ownHost,
    proto: forwardedProto === "https" || forwardedProto === "http" ? forwardedProto : ownProto,
    forwardedFor: [...chain].reverse().join(", "),
  };
}
