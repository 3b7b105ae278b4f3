/** The request the extension sends to the app: `POST {appUrl}/checkout/optin`. */

export type CaptureTarget = "checkout" | "thank_you";

export interface OptInPayload {
  /** Client-generated id of this decision; the same on every retry (the app dedupes on it). */
  eventId: string;
  /** true: opt-in; false: opt-out of an opt-in recorded earlier in this checkout. */
  consent: boolean;
  phone: string;
  /** ISO 3166-1 alpha-2, when known. */
  country?: string;
  /** The exact text shown next to the checkbox. */
  consentText: string;
  target: CaptureTarget;
  checkoutToken?: string;
  orderId?: string;
}

export interface PayloadInput {
  eventId: string;
  consent: boolean;
  phone: string;
  country?: string | undefined;
  consentText: string;
  target: CaptureTarget;
  checkoutToken?: string | undefined;
  orderId?: string | undefined;
}

export const OPTIN_PATH = "/checkout/optin";

/** The payload, with optional fields left out when unknown (never `null` or ""). */
export function buildPayload(input: PayloadInput): OptInPayload {
  const payload: OptInPayload = {
    eventId: input.eventId,
    consent: input.consent,
    phone: input.phone,
    consentText: input.consentText,
    target: input.target,
  };
  const country = input.country?.trim().toUpperCase();
  if (country && /^[A-Z]{2}$/u.test(country)) payload.country = country;
  if (input.checkoutToken) payload.checkoutToken = input.checkoutToken;
  if (input.orderId) payload.orderId = input.orderId;
  return payload;
}

/**
 * The endpoint for an app URL, or undefined when the URL is missing or not
 * absolute https (checkout runs on https; anything else would be blocked).
 */
export function optInEndpoint(appUrl: string | undefined): string | undefined {
  const raw = appUrl?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" || url.username || url.password) return undefined;
  const base = `${url.origin}${url.pathname}`.replace(/\/+$/u, "");
  return `${base}${OPTIN_PATH}`;
}

export interface RequestSpec {
  method: "POST";
  headers: Record<string, string>;
  body: string;
}

export function buildRequest(sessionToken: string, payload: OptInPayload): RequestSpec {
  return {
    method: "POST",
    headers: {
      Authorization: `Bearer ${sessionToken}`,
      "Content-Type": "application/json",
      Accept: "application/json",
    },
    body: JSON.stringify(payload),
  };
}
