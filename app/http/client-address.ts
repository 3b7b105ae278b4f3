/**
 * The address a request came from, for rate limits and the truncated
 * address kept with a consent event. server.js passes the connection's own
 * address in X-WA-Peer-Address (replacing whatever a client sent). Behind
 * TRUST_PROXY_HOPS proxies that each append the address they saw to
 * X-Forwarded-For (a load balancer is one hop), the client is the entry that
 * many places from the right; anything further left was written by the
 * client and is ignored. Shopify's App Proxy is one more hop in front of the
 * storefront routes: it forwards the shopper's address the same way.
 * docs/decisions/004-security-review.md says how to set it.
 */
import { appEnv } from "../env.server";

export const PEER_ADDRESS_HEADER = "x-wa-peer-address";

export function clientAddressFrom(
  peer: string | null,
  forwardedFor: string | null,
  trustedHops: number,
): string | null {
  const forwarded = (forwardedFor ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .reverse();
  const chain = [peer || null, ...forwarded];
  // Fewer entries than trusted hops: the request came past fewer proxies; the furthest one is the client.
  return chain[Math.min(trustedHops, chain.length - 1)] ?? null;
}

/** Client address of a request: `viaAppProxy` for the storefront routes Shopify forwards. */
export function clientAddress(request: Request, trustedHops: number, viaAppProxy = false): string | null {
  const address = clientAddressFrom(
    request.headers.get(PEER_ADDRESS_HEADER),
    request.headers.get("x-forwarded-for"),
    trustedHops + (viaAppProxy ? 1 : 0),
  );
  return address?.replace(/^::ffff:/, "") ?? null;
}

/** An address truncated (IPv4 to its /24, IPv6 to its /48) so it helps prove a request without identifying a person. */
export function truncateAddress(address: string | null): string | null {
  if (!address) return null;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(address)) return address.replace(/\.\d+$/, ".0");
  if (address.includes(":")) return `${address.split(":").slice(0, 3).join(":")}::`;
  return null;
}

/** The truncated client address under this deployment's TRUST_PROXY_HOPS. */
export function truncatedClientAddress(request: Request, viaAppProxy = false): string | null {
  return truncateAddress(clientAddress(request, appEnv().TRUST_PROXY_HOPS, viaAppProxy));
}
