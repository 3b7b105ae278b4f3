/** The App Proxy capture routes: authenticate, limit, parse, record. */
import type { z } from "zod";
import { db } from "../db.server";
import { appEnv } from "../env.server";
import { truncatedClientAddress } from "../http/client-address";
import { authenticateProxy, forgetReplayMarker, refuseReplay } from "./app-proxy.server";
import { ProxyOptIn, ProxyOptOut, parseJsonBody } from "./proxy-requests";
import { rateLimited, tooManyRequests } from "./rate-limit.server";
import { type CaptureOutcome, recordCapturedConsent } from "./record-consent.server";

function respond(outcome: CaptureOutcome): Response {
  if (outcome.status === "rejected")
    return Response.json({ error: outcome.error }, { status: outcome.httpStatus });
  const body = { status: outcome.status, eventId: outcome.eventId, confirmUrl: outcome.confirmUrl };
  return Response.json(body, { status: outcome.status === "recorded" ? 201 : 200 });
}

export async function handleStorefrontCapture(request: Request, kind: "optin" | "optout"): Promise<Response> {
  if (request.method !== "POST") return Response.json({ error: "Use POST." }, { status: 405 });
  // Nothing counts before the signature: an unsigned request is refused without touching a counter.
  const proxy = await authenticateProxy(request);
  const ip = truncatedClientAddress(request, true);
  const config = appEnv();
  // Every signed request counts against its client...
  const client = `client:${proxy.shop}:${ip ?? proxy.loggedInCustomerId ?? "unknown"}`;
  if (await rateLimited(client, config.RATE_LIMIT_PER_CLIENT)) return tooManyRequests();
  const body: z.infer<typeof ProxyOptIn> | z.infer<typeof ProxyOptOut> =
    kind === "optin" ? await parseJsonBody(request, ProxyOptIn) : await parseJsonBody(request, ProxyOptOut);
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
  if (outcome.status === "rejected") await forgetReplayMarker(db, proxy, body.eventId);
  return respond(outcome);
}
