/**
 * Authenticates storefront requests forwarded by Shopify's App Proxy:
 * signature and freshness (the library's check, within 90 seconds, see
 * validAppProxySignature), then replay. Shopify signs the query string only, not the body, and every guest
 * on a page in the same second gets the same signature: so a replay is the
 * same signed URL with the same event id, refused with 401. (A replay with a
 * new body inside the 90 seconds cannot be told from a real request; the
 * event id makes retries harmless and the rate limit bounds the rest.)
 */
import type { Database } from "../db.server";
import { problem } from "../problem";
import { validAppProxySignature } from "../shopify.server";
import { problemResponse } from "./answers";

export interface ProxyContext {
  shop: string;
  signature: string;
  /** Set by Shopify when the shopper is logged in; "" for guests. */
  loggedInCustomerId: string | null;
}

const unauthorized = (reason: string) =>
  problemResponse(problem("unauthenticated", `This request did not come from the store: ${reason}.`));

/** How long used signatures are remembered; older timestamps fail the freshness check anyway. */
const REPLAY_WINDOW_MS = 10 * 60_000;

export async function authenticateProxy(request: Request): Promise<ProxyContext> {
  const url = new URL(request.url);
  const signature = url.searchParams.get("signature");
  const shop = url.searchParams.get("shop");
  if (!signature || !shop) throw unauthorized("it is not signed");
  if (!(await validAppProxySignature(url))) throw unauthorized("the signature is wrong or too old");
  const customer = url.searchParams.get("logged_in_customer_id");
  return { shop, signature, loggedInCustomerId: customer && /^\d+$/.test(customer) ? customer : null };
}

/** The replay marker of a signed request for one event: a second use of both is refused. */
export function replayMarker(proxy: ProxyContext, eventId: string): string {
  return `${proxy.signature}:${eventId}`;
}

/** The answer to a replayed request. */
export const replayRefused = () => unauthorized("it was already used");

/** How often the job started with the server sweeps markers (startJobs): once per window. */
export const SWEEP_REPLAY_MARKERS_EVERY_MS = REPLAY_WINDOW_MS;

/**
 * Forgets markers older than any signature still fresh enough to pass (a
 * replay of one is refused by its age). A timer's job, never a request's.
 * Returns how many were forgotten.
 */
export async function sweepReplayMarkers(db: Database, now = new Date()): Promise<number> {
  const { count } = await db.proxySignature.deleteMany({
    where: { seenAt: { lt: new Date(now.getTime() - REPLAY_WINDOW_MS) } },
  });
  return count;
}

/**
 * Forgets the replay marker of a request that was then refused (a 422):
 * nothing is kept from a rejected request, and the shopper's corrected retry
 * of the same signed URL is judged on its merits instead of as a replay.
 */
export async function forgetReplayMarker(db: Database, proxy: ProxyContext, eventId: string): Promise<void> {
  await db.proxySignature.deleteMany({ where: { signature: replayMarker(proxy, eventId) } });
}
