/** The App Proxy capture routes: authenticate, limit, parse, record; every refusal is counted. */

import { ProxyOptIn, ProxyOptOut, TestOptIn } from "../capture/proxy-requests";
import { rateLimited } from "../capture/rate-limit.server";
import { ReplayedRequest, recordCapturedConsent } from "../capture/record-consent.server";
import type { RefusalReason } from "../capture/refusal-reasons";
import { countRefusal } from "../capture/refusals.server";
import { db } from "../db.server";
import { appEnv } from "../env.server";
import { problemResponse, tooManyRequests, wrongMethod } from "./answers";
import {
  authenticateProxy,
  forgetReplayMarker,
  type ProxyContext,
  replayMarker,
  replayRefused,
} from "./app-proxy.server";
import { truncatedClientAddress } from "./client-address";
import { parseJsonBody } from "./json-body";

/** Counts a refusal for the capture page, then gives the answer unchanged. */
async function refused(shop: string | null, reason: RefusalReason, answer: Response): Promise<Response> {
  await countRefusal(db, shop, reason);
  return answer;
}

/** The signature check; a refusal is counted for the shop the request claims (see refusals.server.ts). */
async function authenticated(request: Request): Promise<ProxyContext> {
  try {
    return await authenticateProxy(request);
  } catch (answer) {
    if (answer instanceof Response) {
      throw await refused(new URL(request.url).searchParams.get("shop"), "bad_signature", answer);
    }
    throw answer;
  }
}

/** What a request records: a shopper's opt-in or opt-out, or the capture page's test opt-in. */
export type StorefrontCaptureKind = "optin" | "optout" | "test_optin";

const schemaFor = { optin: ProxyOptIn, optout: ProxyOptOut, test_optin: TestOptIn } as const;

export async function handleStorefrontCapture(
  request: Request,
  kind: StorefrontCaptureKind,
): Promise<Response> {
  if (request.method !== "POST") return wrongMethod();
  // Nothing counts before the signature: an unsigned request is refused without touching a rate counter.
  const proxy = await authenticated(request);
  const ip = truncatedClientAddress(request, true);
  const config = appEnv();
  // Every signed request counts against its client...
  const client = `client:${proxy.shop}:${ip ?? proxy.loggedInCustomerId ?? "unknown"}`;
  if (await rateLimited(client, config.RATE_LIMIT_PER_CLIENT)) {
    return refused(proxy.shop, "rate_limited", tooManyRequests());
  }
  const parsed = await parseJsonBody(request, schemaFor[kind]);
  if (!parsed.ok) return refused(proxy.shop, "invalid_input", problemResponse(parsed));
  const body = parsed.value;
  // ...and only well-formed ones against the shop, so that junk cannot use up the store's allowance.
  if (await rateLimited(`shop:${proxy.shop}`, config.RATE_LIMIT_PER_SHOP)) {
    return refused(proxy.shop, "rate_limited", tooManyRequests());
  }
  let outcome: Awaited<ReturnType<typeof recordCapturedConsent>>;
  try {
    outcome = await recordCapturedConsent(db, {
      shop: proxy.shop,
      clientEventId: body.eventId,
      replayMarker: replayMarker(proxy, body.eventId),
      action: kind === "optout" ? "opt_out" : "opt_in",
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
  } catch (error) {
    if (error instanceof ReplayedRequest) throw await refused(proxy.shop, "bad_signature", replayRefused());
    throw error;
  }
  if (outcome.status === "rejected") {
    await forgetReplayMarker(db, proxy, body.eventId);
    const reason = outcome.cause === "wrong_wording" ? "wrong_wording" : "invalid_input";
    return refused(proxy.shop, reason, problemResponse(outcome.problem));
  }
  const answer = { status: outcome.status, eventId: outcome.eventId, confirmUrl: outcome.confirmUrl };
  return Response.json(answer, { status: outcome.status === "recorded" ? 201 : 200 });
}
