/**
 * Plain-language explanations and remedies for every reason code and
 * segment: the one vocabulary shown by the admin, the CLI and the exports.
 */
import type { ReasonCode, Segment } from "./types";

export interface ReasonText {
  /** What is wrong, in a sentence a store owner understands. */
  explanation: string;
  /** What to do about it. */
  remedy: string;
}

export const REASON_TEXT: Record<ReasonCode, ReasonText> = {
  NO_WHATSAPP_OPT_IN: {
    explanation: "There is no record of this person agreeing to WhatsApp marketing.",
    remedy: "Invite them to a WhatsApp-specific opt-in; export them only once they accept.",
  },
  SMS_ONLY: {
    explanation: "They agreed to SMS marketing. That consent does not carry over to WhatsApp.",
    remedy: "Put them on the re-permission list and ask for WhatsApp consent by SMS.",
  },
  EMAIL_ONLY: {
    explanation: "They agreed to email marketing only, which says nothing about WhatsApp.",
    remedy: "Put them on the re-permission list and ask for WhatsApp consent by email.",
  },
  UNCLEAR_CHANNEL: {
    explanation:
      "The consent on record names no channel, or nothing is known about how the number was collected.",
    remedy: "Do not import them. Ask again with wording that names WhatsApp.",
  },
  TRANSACTIONAL_ONLY: {
    explanation: "The phone number was collected for orders, delivery or support, not for marketing.",
    remedy:
      "Order and support numbers cannot be used for WhatsApp marketing; offer a WhatsApp opt-in instead.",
  },
  TEXT_MISSING_WHATSAPP: {
    explanation: "The wording they agreed to never mentions WhatsApp.",
    remedy: "Use consent wording that says WhatsApp explicitly, and collect the opt-in again.",
  },
  TEXT_MISSING_BRAND: {
    explanation: "The wording they agreed to does not say which business will message them.",
    remedy: "Name your brand in the consent wording, and collect the opt-in again.",
  },
  MISSING_TIMESTAMP: {
    explanation: "The opt-in has no date and time, so it cannot be verified.",
    remedy: "Find the original opt-in time in the source system, or collect the opt-in again.",
  },
  MISSING_SOURCE: {
    explanation: "Nobody can tell where this opt-in was collected (page, form or checkout).",
    remedy: "Record the form, page or campaign the opt-in came from, or collect it again.",
  },
  MISSING_CONSENT_TEXT: {
    explanation: "The exact words shown when they opted in were not kept.",
    remedy: "Keep the exact consent wording with every opt-in; collect this one again.",
  },
  INVALID_PHONE: {
    explanation: "The phone number is missing or is not a valid number.",
    remedy: "Correct the number at the source; WhatsApp platforms reject invalid numbers.",
  },
  MISSING_COUNTRY_CODE: {
    explanation: "The phone number has no country code and the country cannot be told for sure.",
    remedy: "Store numbers with their + country code, or set the contact's or the shop's default country.",
  },
  DUPLICATE: {
    explanation: "Another record has the same phone number with stronger or more recent evidence.",
    remedy: "Nothing to do: that other record is the one exported for this number.",
  },
  OPTED_OUT: {
    explanation: "Their latest WhatsApp choice was to stop receiving messages.",
    remedy: "Never message them on WhatsApp unless they opt in again themselves.",
  },
};

export const SEGMENT_TEXT: Record<Segment, { label: string; description: string }> = {
  whatsapp_substantiated: {
    label: "WhatsApp, proven",
    description:
      "Opted in to WhatsApp with a timestamp, a source and wording that names WhatsApp and the brand.",
  },
  whatsapp_unsubstantiated: {
    label: "WhatsApp, unproven",
    description: "Marked as opted in to WhatsApp somewhere, but the proof is incomplete.",
  },
  sms_only: { label: "SMS only", description: "SMS marketing consent, no WhatsApp opt-in." },
  email_only: { label: "Email only", description: "Email marketing consent, no WhatsApp opt-in." },
  unclear: { label: "Unclear", description: "No channel-specific marketing consent on record." },
  opted_out: { label: "Opted out", description: "Asked to stop WhatsApp messages." },
};
