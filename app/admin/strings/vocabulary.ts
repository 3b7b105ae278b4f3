/**
 * The words for every stored code a merchant might otherwise read: sources,
 * capture methods, opt-in levels, actions, channels, Shopify's consent
 * states, sync statuses and ledger checks. One place, used by every admin
 * page, the evidence pack's README and the list check. Reason and segment
 * texts live with the consent core (app/consent/reasons.ts) and are
 * re-exported here, so a page needs one import for all of them.
 * Codes stay in CSV columns and URLs; screens show these words.
 */
import { REASON_TEXT, SEGMENT_TEXT } from "../../consent/reasons";
import type {
  CaptureMethod,
  Channel,
  ConsentAction,
  OptInLevel,
  ReasonCode,
  Segment,
  SourceKind,
} from "../../consent/types";

export { REASON_TEXT, SEGMENT_TEXT };

/** A label for a badge, a list or a filter, and one sentence saying what it means. */
export interface Term {
  label: string;
  explanation: string;
}

export const SOURCE_TEXT: Record<SourceKind, Term> = {
  storefront_block: {
    label: "Theme app block",
    explanation: "The app's WhatsApp opt-in section, placed on a page of your theme.",
  },
  storefront_embed: {
    label: "Theme app embed",
    explanation: "The app's WhatsApp opt-in added to your theme's own forms or shown as a pop-up.",
  },
  checkout: { label: "Checkout", explanation: "The WhatsApp checkbox in Shopify's checkout." },
  thank_you: {
    label: "Thank-you page",
    explanation: "The WhatsApp checkbox on the order status and thank-you page.",
  },
  shopify_sync: {
    label: "Shopify customer record",
    explanation: "A consent state copied from the customer's record in Shopify. It carries no wording.",
  },
  import: { label: "Imported list", explanation: "A row of a list you imported." },
  admin: { label: "Added in the app", explanation: "A change made by store staff in this app." },
  whatsapp_reply: {
    label: "WhatsApp reply",
    explanation: "A message the shopper sent from their own WhatsApp number (a code or a stop word).",
  },
  test_opt_in: {
    label: "Test opt-in",
    explanation:
      "A test you sent from the Capture setup page. It proves the opt-in reaches the app, and never counts as anyone's consent or goes into an export.",
  },
};

export const METHOD_TEXT: Record<CaptureMethod, Term> = {
  checkbox: { label: "Ticked checkbox", explanation: "The shopper ticked an unticked checkbox." },
  click_to_chat: {
    label: "Code sent on WhatsApp",
    explanation: "The shopper sent a code from their WhatsApp number.",
  },
  import: { label: "From an imported list", explanation: "Taken from a row of an imported list." },
  shopify_sync: {
    label: "Shopify consent state",
    explanation: "Copied from Shopify's record of the customer.",
  },
  admin: { label: "Set by staff", explanation: "Set by store staff in this app." },
};

export const LEVEL_TEXT: Record<OptInLevel, Term> = {
  single: { label: "Single opt-in", explanation: "The shopper agreed once." },
  confirmed: {
    label: "Confirmed (double opt-in)",
    explanation: "The shopper agreed and then confirmed from their own WhatsApp number.",
  },
};

export const ACTION_TEXT: Record<ConsentAction, Term> = {
  opt_in: { label: "Opted in", explanation: "Agreed to marketing on this channel." },
  opt_out: { label: "Opted out", explanation: "Asked to stop marketing on this channel." },
  confirm: { label: "Confirmed", explanation: "Confirmed an earlier opt-in (double opt-in)." },
};

export const CHANNEL_TEXT: Record<Channel, Term> = {
  whatsapp: { label: "WhatsApp", explanation: "Marketing messages on WhatsApp." },
  sms: { label: "SMS", explanation: "Marketing text messages." },
  email: { label: "Email", explanation: "Marketing emails." },
};

/** Shopify's marketing states (CustomerEmailMarketingState, CustomerSmsMarketingState, WhatsApp's). */
export const SHOPIFY_STATE_TEXT: Record<string, Term> = {
  SUBSCRIBED: { label: "Subscribed", explanation: "Shopify records this customer as agreeing." },
  NOT_SUBSCRIBED: { label: "Not subscribed", explanation: "The customer never agreed in Shopify." },
  UNSUBSCRIBED: { label: "Unsubscribed", explanation: "The customer withdrew their agreement." },
  PENDING: {
    label: "Waiting for confirmation",
    explanation: "The customer agreed and has not confirmed yet.",
  },
  REDACTED: { label: "Erased", explanation: "Shopify erased this customer's details." },
  INVALID: { label: "Address not valid", explanation: "Shopify cannot use this address or number." },
};

/** Shopify's opt-in levels, as Shopify names them. */
export const SHOPIFY_LEVEL_TEXT: Record<string, Term> = {
  SINGLE_OPT_IN: LEVEL_TEXT.single,
  CONFIRMED_OPT_IN: LEVEL_TEXT.confirmed,
  UNKNOWN: { label: "Level not known", explanation: "Shopify does not know how the opt-in was made." },
};

/** Where Shopify says it got a consent state (the collectedFrom of its records). */
export const COLLECTED_FROM_TEXT: Record<string, string> = {
  shopify: "collected by Shopify",
  other: "collected by another app",
  unknown: "Shopify does not say where it was collected",
};

/** The status of a customer sync (Shopify's bulk operation, then our import of its file). */
export const SYNC_STATUS_TEXT: Record<
  string,
  Term & { tone: "success" | "attention" | "critical" | "info" }
> = {
  STARTING: {
    label: "Starting",
    explanation: "The app is asking Shopify for the customer file.",
    tone: "info",
  },
  CREATED: { label: "Starting", explanation: "Shopify is preparing the customer file.", tone: "info" },
  RUNNING: { label: "In progress", explanation: "Shopify is writing the customer file.", tone: "info" },
  COMPLETED: { label: "Importing", explanation: "The file is ready and being read.", tone: "info" },
  IMPORTING: { label: "Importing", explanation: "The customers are being read.", tone: "info" },
  IMPORTED: { label: "Up to date", explanation: "Every customer was read.", tone: "success" },
  FAILED: { label: "Failed", explanation: "The sync stopped; start it again.", tone: "critical" },
  CANCELING: { label: "Stopping", explanation: "The sync is being stopped.", tone: "attention" },
  CANCELED: { label: "Stopped", explanation: "The sync was stopped before it ended.", tone: "attention" },
  EXPIRED: {
    label: "Expired",
    explanation: "Shopify's file expired before it was read; start again.",
    tone: "attention",
  },
};

export const LEDGER_TEXT = {
  verified: { label: "Unchanged since recorded", explanation: "This event's fingerprint still matches." },
  hash_mismatch: { label: "Altered after recording", explanation: "The event's content was changed." },
  details_mismatch: {
    label: "Details altered",
    explanation: "The request details kept as proof were changed.",
  },
  wrong_previous_hash: {
    label: "Chain broken here",
    explanation: "An event before this one was removed, changed or reordered.",
  },
} as const satisfies Record<string, Term>;

/** "some_code" or "SOME_CODE" as "Some code": the last resort, so a new code never shows raw. */
export function humanize(code: string): string {
  const words = code.replace(/[_:]+/g, " ").trim().toLowerCase();
  return words ? words[0]?.toUpperCase() + words.slice(1) : "";
}

/** The label of `code` in `table`, or the code made readable when the table does not know it. */
export function labelOf(table: Record<string, Term>, code: string | null | undefined, missing = "—"): string {
  if (!code) return missing;
  return table[code]?.label ?? humanize(code);
}

export const reasonLabel = (code: string) => REASON_TEXT[code as ReasonCode]?.label ?? humanize(code);
export const segmentLabel = (segment: string) => SEGMENT_TEXT[segment as Segment]?.label ?? humanize(segment);

/**
 * A source with its detail, for a person: "Shopify customer record, collected
 * by Shopify"; "Storefront block: https://shop.example/pages/join". The
 * detail of a Shopify sync is `shopify:<collectedFrom>`.
 */
export function describeSource(kind: string, detail: string | null | undefined): string {
  const label = labelOf(SOURCE_TEXT, kind);
  if (!detail) return label;
  if (kind === "shopify_sync") {
    const from = detail.startsWith("shopify:") ? detail.slice("shopify:".length) : detail;
    return `${label}, ${COLLECTED_FROM_TEXT[from] ?? `collected from ${humanize(from).toLowerCase()}`}`;
  }
  return `${label}: ${detail}`;
}

/** Dates as "26 Nov 2026, 14:05 UTC": the same on the server and in the browser (no hydration change). */
export function formatTime(iso: string | null, missing = "—"): string {
  if (!iso) return missing;
  return `${new Date(iso).toLocaleString("en-GB", {
    timeZone: "UTC",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  })} UTC`;
}

export function formatDay(iso: string | null, missing = "—"): string {
  if (!iso) return missing;
  return new Date(iso).toLocaleDateString("en-GB", {
    timeZone: "UTC",
    day: "numeric",
    month: "short",
    year: "numeric",
  });
}

/** Badge tones follow meaning (Polaris): proven is success, opted out critical, doubtful attention, the rest neutral. */
export const SEGMENT_TONE: Record<Segment, "success" | "attention" | "critical" | undefined> = {
  whatsapp_substantiated: "success",
  whatsapp_unsubstantiated: "attention",
  sms_only: undefined,
  email_only: undefined,
  unclear: undefined,
  opted_out: "critical",
};
