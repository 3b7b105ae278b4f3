/**
 * The capture page's "send a test opt-in": a storefront opt-in with the
 * storefront wording the app publishes, signed the way Shopify's App Proxy
 * signs, handed to the same handler as a shopper's request
 * (handleStorefrontCapture). So it passes the signature, rate limits, schema
 * and wording checks a real opt-in passes, and fails where a real one would.
 * Its source is `test_opt_in`: recorded and shown, never evidence (DR 014).
 */
import { randomUUID } from "node:crypto";
import { TEST_SOURCE } from "../consent/types";
import type { Database } from "../db.server";
import { problem, type Result, success } from "../problem";
import { signedAppProxyQuery } from "../shopify/app-proxy-signature";
import { currentWording } from "../shopify/wording-metafield.server";
import { handleStorefrontCapture } from "./storefront-capture.server";

/**
 * A fictional number (the 555-0100 to 555-0199 range of every North American
 * area code is set aside for fiction): the test reaches no real contact.
 */
export const TEST_PHONE = "+1 201 555 0123";

export interface TestOptInSent {
  eventId: string;
  contactId: string;
}

export async function sendTestOptIn(
  db: Database,
  shop: string,
  options: { apiSecret: string; now?: Date },
): Promise<Result<TestOptInSent>> {
  const wording = (await currentWording(db, shop)).storefront;
  if (!wording) {
    return problem(
      "unprocessable",
      "Save the wording your storefront shows on the Consent texts page first: the test opt-in uses it.",
    );
  }
  const now = options.now ?? new Date();
  const query = signedAppProxyQuery(shop, Math.floor(now.getTime() / 1000), options.apiSecret);
  const request = new Request(`https://app.internal/proxy/optin?${query}`, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "Capture setup page (test opt-in)" },
    body: JSON.stringify({
      eventId: randomUUID(),
      phone: TEST_PHONE,
      consent: true,
      consentText: wording.text,
      source: TEST_SOURCE,
      blockId: "capture-page-test",
      pageUrl: `https://${shop}/apps/whatsapp-consent/test`,
      locale: wording.language ?? undefined,
    }),
  });
  const response = await handleStorefrontCapture(request, "test_optin").catch((thrown: unknown) => {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  });
  const answer = (await response.json().catch(() => ({}))) as { eventId?: string; error?: string };
  if (!response.ok || !answer.eventId) {
    return problem(
      "unprocessable",
      `The test opt-in was refused, as a shopper's would be: ${answer.error ?? "the app gave no reason"}`,
    );
  }
  const event = await db.consentEvent.findFirst({
    where: { shop, id: answer.eventId },
    select: { id: true, contactId: true },
  });
  if (!event) return problem("unavailable", "The test opt-in was accepted but cannot be found. Try again.");
  return success({ eventId: event.id, contactId: event.contactId });
}
