/** The App Proxy capture routes: authenticate, limit, parse, record. */

import { ProxyOptIn, ProxyOptOut } from "../capture/proxy-requests";
import { rateLimited } from "../capture/rate-limit.server";
import { recordCapturedConsent } from "../capture/record-consent.server";
import { db } from "../db.server";
import { appEnv } from "../env.server";
import { problemResponse, tooManyRequests, wrongMethod } from "./answers";
import { authenticateProxy, forgetReplayMarker, refuseReplay } from "./app-proxy.server";
import { truncatedClientAddress } from "./client-address";
import { parseJsonBody } from "./json-body";

export async function handleStorefrontCapture(request: Request, kind: "optin" | "optout"): Promise<Response> {
  if (request.method !== "POST") return wrongMethod();
  // Nothing counts before the signature: an unsigned request is refused without touching a counter.
  const proxy = await authenticateProxy(request);
  const ip = truncatedClientAddress(request, true);
  const config = appEnv();
  // Every signed request counts against its client...
  const client = `client:${proxy.shop}:${ip ?? proxy.loggedInCustomerId ?? "unknown"}`;
  if (await rateLimited(client, config.RATE_LIMIT_PER_CLIENT)) return tooManyRequests();
  const parsed =
    kind === "optin" ? await parseJsonBody(request, ProxyOptIn) : await parseJsonBody(request, ProxyOptOut);
  if (!parsed.ok) return problemResponse(parsed);
  const body = parsed.value;
  // ...and only well-formed ones against the shop, so that junk cannot use up the store's allowance.
  if (await rateLimited(`shop:${proxy.shop}`, config.RATE_LIMIT_PER_SHOP)) return tooManyRequests();
  await refuseReplay(db, proxy, body.eventId);
  const outcome = await recordCapturedConsent(db, {
    shop: proxy.shop,
    clientEventId: body.eventId,
    action: kind === "optin" ? "opt_in" : "opt_out",
    phone: body.phone,
    country: body.country,
    consentText: "consentText" in body ? body.consentText : null,
    sourceKind: body.source,
    sourceDetail: `${body.pageUrl.split("?")[0]}#${body.blockId || "block"}`,
    captureMethod: "checkbox",
    shopifyCustomerId: proxy.loggedInCustomerId,
    details: {
      userAgent: request.headers.get("user-agent")?.slice(0, 300),
      ipPrefix: ip,
      locale: body.locale,
      loggedInCustomerId: proxy.loggedInCustomerId,
      pageUrl: body.pageUrl,
    },
  });
  if (outcome.status === "rejected") {
    await forgetReplayMarker(db, proxy, body.eventId);
    return problemResponse(outcome.problem);
  }
  const answer = { status: outcome.status, eventId: outcome.eventId, confirmUrl: outcome.confirmUrl };
  return Response.json(answer, { status: outcome.status === "recorded" ? 201 : 200 });
}
