/**
 * Plain-language labels, explanations and remedies for every reason code and
 * segment: the one vocabulary shown by the admin, the CLI and the exports.
 * Codes stay in CSV columns and URLs; people read these words.
 */
import type { ReasonCode, Segment } from "./types";

export interface ReasonText {
  /** A few words for a badge or a filter. */
  label: string;
  /** What is wrong, in a sentence a store owner understands. */
  explanation: string;
  /** What to do about it. */
  remedy: string;
}

const COLLECT_AGAIN = "then ask these shoppers again: they are on the re-permission list.";

export const REASON_TEXT: Record<ReasonCode, ReasonText> = {
  NO_WHATSAPP_OPT_IN: {
    label: "No WhatsApp opt-in",
    explanation: "There is no record of this person agreeing to WhatsApp marketing.",
    remedy: "Invite them to a WhatsApp-specific opt-in; export them only once they accept.",
  },
  SMS_ONLY: {
    label: "SMS consent only",
    explanation: "They agreed to SMS marketing. That consent does not carry over to WhatsApp.",
    remedy: "Put them on the re-permission list and ask for WhatsApp consent by SMS.",
  },
  EMAIL_ONLY: {
    label: "Email consent only",
    explanation: "They agreed to email marketing only, which says nothing about WhatsApp.",
    remedy: "Put them on the re-permission list and ask for WhatsApp consent by email.",
  },
  UNCLEAR_CHANNEL: {
    label: "No channel named",
    explanation:
      "The consent on record names no channel, or nothing is known about how the number was collected.",
    remedy: "Do not import them. Ask again with wording that names WhatsApp.",
  },
  TRANSACTIONAL_ONLY: {
    label: "Collected for orders",
    explanation: "The phone number was collected for orders, delivery or support, not for marketing.",
    remedy:
      "Order and support numbers cannot be used for WhatsApp marketing; offer a WhatsApp opt-in instead.",
  },
  TEXT_MISSING_WHATSAPP: {
    label: "Wording without WhatsApp",
    explanation: "The wording they agreed to never mentions WhatsApp.",
    remedy: `Use consent wording that says WhatsApp explicitly, ${COLLECT_AGAIN}`,
  },
  TEXT_MISSING_BRAND: {
    label: "Wording without your brand",
    explanation: "The wording they agreed to does not say which business will message them.",
    remedy: `Name your brand in the consent wording, ${COLLECT_AGAIN}`,
  },
  TEXT_NO_MARKETING_PURPOSE: {
    label: "Wording without a marketing purpose",
    explanation:
      "The wording never says the messages will be marketing (offers, news, new products), so agreeing to it is not agreeing to campaigns.",
    remedy: `Say what shoppers will receive, for example offers and new products, ${COLLECT_AGAIN}`,
  },
  TEXT_TRANSACTIONAL: {
    label: "Wording about orders or support",
    explanation:
      "The wording is about orders, delivery, tracking, receipts, returns or support. Agreeing to service messages is not agreeing to marketing.",
    remedy: `Keep service messages out of the marketing opt-in and give marketing its own wording, ${COLLECT_AGAIN}`,
  },
  TEXT_BUNDLED: {
    label: "Tied to terms or privacy",
    explanation:
      "The opt-in is tied to accepting your terms, your privacy policy or an order, so it was not a free choice.",
    remedy: `Give the WhatsApp opt-in its own optional, unticked checkbox, ${COLLECT_AGAIN}`,
  },
  TEXT_NOT_CONSENT: {
    label: "Not an agreement",
    explanation:
      "The wording is not the shopper agreeing: it refuses, asks them to untick or object, or only informs them.",
    remedy: `Use wording the shopper ticks to say yes, such as "Yes, send me offers from your brand on WhatsApp", ${COLLECT_AGAIN}`,
  },
  TEXT_IMPLIED_CONSENT: {
    label: "Consent implied by a purchase",
    explanation:
      "The wording treats buying, creating an account, continuing or staying silent as agreement. Platforms only accept a clear, separate yes.",
    remedy: `Ask with an unticked checkbox that the shopper ticks themselves, ${COLLECT_AGAIN}`,
  },
  TEXT_OTHER_SENDER: {
    label: "Messages from others",
    explanation:
      "The wording lets partners, other brands or third parties message the shopper. Consent must name the one business that will write.",
    remedy: `Name only your own brand as the sender, ${COLLECT_AGAIN}`,
  },
  TEXT_WHATSAPP_NOT_FOR_MARKETING: {
    label: "WhatsApp only for help or sharing",
    explanation:
      "WhatsApp appears only as a way to get help or to share, not as the channel the marketing will come through.",
    remedy: `Say that the offers will be sent on WhatsApp, ${COLLECT_AGAIN}`,
  },
  TEXT_MIXED_CHANNELS: {
    label: "One box for several channels",
    explanation:
      "One agreement covers WhatsApp together with SMS or email. Platforms want a choice made for WhatsApp alone.",
    remedy: `Give WhatsApp its own checkbox, separate from SMS and email, ${COLLECT_AGAIN}`,
  },
  TEXT_NOT_ONE_STATEMENT: {
    label: "WhatsApp, brand and purpose apart",
    explanation:
      "WhatsApp, your brand and the marketing purpose are mentioned, but never together in the one sentence the shopper agrees to.",
    remedy: `Put them in one sentence, such as "Yes, send me offers from your brand on WhatsApp", ${COLLECT_AGAIN}`,
  },
  TEXT_UNSUPPORTED_LANGUAGE: {
    label: "Language not checked",
    explanation:
      "The wording is in a language this app cannot check yet (it reads English, Spanish, Portuguese, German, French and Italian), so it is not counted as proof.",
    remedy:
      "Add a version of the wording in one of those languages, or have it checked by hand before importing these contacts anywhere.",
  },
  TEXT_TOO_LONG: {
    label: "Notice, not an opt-in",
    explanation:
      "The wording is far longer than a checkbox label, like a privacy notice. A shopper cannot be shown to have agreed to one sentence inside it.",
    remedy: `Use a short checkbox label of one or two sentences, ${COLLECT_AGAIN}`,
  },
  MISSING_TIMESTAMP: {
    label: "No opt-in time",
    explanation: "The opt-in has no date and time, so it cannot be verified.",
    remedy: "Find the original opt-in time in the source system, or collect the opt-in again.",
  },
  IMPLAUSIBLE_TIMESTAMP: {
    label: "Impossible opt-in time",
    explanation:
      "The opt-in time cannot be real: it is in the future, at the 1970 zero date, or before WhatsApp existed (2009).",
    remedy: "Find the real opt-in time in the source system, or collect the opt-in again.",
  },
  MISSING_SOURCE: {
    label: "No opt-in source",
    explanation:
      'Nobody can tell where this opt-in was collected (page, form or checkout); a placeholder such as "unknown" does not count.',
    remedy: "Record the form, page or campaign the opt-in came from, or collect it again.",
  },
  MISSING_CONSENT_TEXT: {
    label: "Wording not kept",
    explanation: "The exact words shown when they opted in were not kept.",
    remedy: "Keep the exact consent wording with every opt-in; collect this one again.",
  },
  INVALID_PHONE: {
    label: "Not a WhatsApp number",
    explanation:
      "The phone number is missing, is not a valid number, or has an extension (a WhatsApp number never does).",
    remedy: "Correct the number at the source; WhatsApp platforms reject invalid numbers.",
  },
  MISSING_COUNTRY_CODE: {
    label: "No country code",
    explanation: "The phone number has no country code and the country cannot be told for sure.",
    remedy: "Store numbers with their + country code, or set the contact's or the shop's default country.",
  },
  DUPLICATE: {
    label: "Same number as another contact",
    explanation: "Another record has the same phone number with stronger or more recent evidence.",
    remedy: "Nothing to do: that other record is the one exported for this number.",
  },
  OPTED_OUT: {
    label: "Opted out",
    explanation: "Their latest WhatsApp choice was to stop receiving messages.",
    remedy: "Never message them on WhatsApp unless they opt in again themselves.",
  },
};

export const SEGMENT_TEXT: Record<Segment, { label: string; description: string }> = {
  whatsapp_substantiated: {
    label: "WhatsApp, proven",
    description:
      "Opted in to WhatsApp with a plausible time, a source and wording that a strict platform accepts: one clear yes to marketing from your brand on WhatsApp.",
  },
  whatsapp_unsubstantiated: {
    label: "WhatsApp, unproven",
    description: "Marked as opted in to WhatsApp somewhere, but the proof is incomplete or in doubt.",
  },
  sms_only: { label: "SMS only", description: "SMS marketing consent, no WhatsApp opt-in." },
  email_only: { label: "Email only", description: "Email marketing consent, no WhatsApp opt-in." },
  unclear: { label: "Unclear", description: "No channel-specific marketing consent on record." },
  opted_out: { label: "Opted out", description: "Asked to stop WhatsApp messages." },
};
