/**
 * Puts one contact into exactly one segment and lists every reason that
 * keeps it out of the clean export. Pure: the caller gathers the facts
 * (ledger events, Shopify states turned into events, imported rows).
 */
import { analyzeConsentText } from "./consent-text";
import type { NormalizedPhone } from "./phone";
import { isPlaceholderSource } from "./placeholders";
import {
  type Channel,
  type ConsentFact,
  type OptInLevel,
  type ReasonCode,
  type Segment,
  TEST_SOURCE,
} from "./types";

export interface ContactEvidence {
  phone: NormalizedPhone;
  facts: readonly ConsentFact[];
  /** A marketing consent that names no channel (a generic "accepts marketing" flag). */
  genericMarketingOptIn?: boolean;
  /** The phone is known to have been collected for orders, delivery or support. */
  phoneCollectedForOrders?: boolean;
}

export interface Classification {
  segment: Segment;
  reasons: ReasonCode[];
  /** The WhatsApp opt-in that decides the contact, when there is one. */
  whatsappOptIn: ConsentFact | null;
  optInLevel: OptInLevel | null;
  /** When the deciding WhatsApp evidence happened (opt-in or opt-out), for dedupe. */
  decidedAt: Date | null;
}

/** Capture points of our own: their source kind alone locates the opt-in. */
const SELF_LOCATING_SOURCES = new Set([
  "storefront_block",
  "storefront_embed",
  "checkout",
  "thank_you",
  "whatsapp_reply",
]);

const time = (fact: ConsentFact) => fact.occurredAt?.getTime() ?? Number.NEGATIVE_INFINITY;

/** Later in time; the id breaks exact ties so the order facts arrive in never matters. */
const isLater = (a: ConsentFact, b: ConsentFact) => time(a) > time(b) || (time(a) === time(b) && a.id > b.id);

interface ChannelState {
  optIn: ConsentFact | null;
  optedOut: boolean;
  optOutAt: Date | null;
  confirmed: boolean;
}

/**
 * When an opt-out happened, or null when its time orders nothing: none, an
 * invalid date, or one before WhatsApp existed (the epoch, a "0" or 1900
 * default written where no date was known).
 */
function optOutTime(optOut: ConsentFact): number | null {
  const at = optOut.occurredAt?.getTime();
  return at === undefined || Number.isNaN(at) || at < EARLIEST_PLAUSIBLE_OPT_IN.getTime() ? null : at;
}

/**
 * The latest event of a channel wins. An opt-out with no believable
 * timestamp, or one at the same instant as the opt-in, wins too: doubt
 * favours the shopper.
 * A test opt-in (sent by the merchant from the capture page) is no fact about
 * anyone: it never counts, whatever it says.
 */
export function channelState(facts: readonly ConsentFact[], channel: Channel): ChannelState {
  let optIn: ConsentFact | null = null;
  const optOuts: ConsentFact[] = [];
  const confirms: ConsentFact[] = [];
  for (const fact of facts) {
    if (fact.channel !== channel || fact.sourceKind === TEST_SOURCE) continue;
    if (fact.action === "opt_in" && (optIn === null || isLater(fact, optIn))) optIn = fact;
    else if (fact.action === "opt_out") optOuts.push(fact);
    else if (fact.action === "confirm") confirms.push(fact);
  }
  const blocking = optOuts.filter((optOut) => {
    const at = optOutTime(optOut);
    return optIn === null || at === null || at >= time(optIn);
  });
  // An opt-out of unknown time counts as the latest (it dates the decision as unknown).
  const blockingOptOut = blocking.some((optOut) => optOutTime(optOut) === null)
    ? undefined
    : blocking.sort((a, b) => time(b) - time(a))[0];
  const confirmed =
    optIn !== null &&
    (optIn.level === "confirmed" || confirms.some((confirm) => time(confirm) >= time(optIn as ConsentFact)));
  const optedOut = blocking.length > 0;
  return {
    optIn: optedOut ? null : optIn,
    optedOut,
    optOutAt: blockingOptOut?.occurredAt ?? null,
    confirmed: optedOut ? false : confirmed,
  };
}

function phoneReasons(phone: NormalizedPhone): ReasonCode[] {
  return phone.ok ? [] : [phone.problem];
}

/**
 * Lists repeat the same few wordings on every row: analyse each wording once.
 * Bounded so a file where every row has its own text cannot grow it forever.
 */
const textReasonCache = new Map<string, readonly ReasonCode[]>();
const TEXT_CACHE_LIMIT = 1000;

function textReasons(text: string | null, brand: string): readonly ReasonCode[] {
  const key = `${brand}\u0000${text ?? ""}`;
  let reasons = textReasonCache.get(key);
  if (reasons === undefined) {
    reasons = analyzeConsentText(text, brand).reasons;
    if (textReasonCache.size >= TEXT_CACHE_LIMIT) textReasonCache.clear();
    textReasonCache.set(key, reasons);
  }
  return reasons;
}

/** WhatsApp launched in 2009: an opt-in to it cannot be older. */
export const EARLIEST_PLAUSIBLE_OPT_IN = new Date("2009-01-01T00:00:00Z");
/** Clocks of other systems drift: a few minutes ahead is not yet the future. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** A time that cannot be when someone opted in: the epoch, before WhatsApp existed, or in the future. */
export function isImplausibleOptInTime(at: Date, now: Date): boolean {
  const time = at.getTime();
  return (
    Number.isNaN(time) || time < EARLIEST_PLAUSIBLE_OPT_IN.getTime() || time > now.getTime() + CLOCK_SKEW_MS
  );
}

function proofReasons(optIn: ConsentFact, brand: string, now: Date): ReasonCode[] {
  const reasons: ReasonCode[] = [];
  if (optIn.occurredAt === null) reasons.push("MISSING_TIMESTAMP");
  else if (isImplausibleOptInTime(optIn.occurredAt, now)) reasons.push("IMPLAUSIBLE_TIMESTAMP");
  const located = optIn.sourceKind !== null && SELF_LOCATING_SOURCES.has(optIn.sourceKind);
  const detail = optIn.sourceDetail?.trim() ?? "";
  if (!located && (detail === "" || isPlaceholderSource(detail))) reasons.push("MISSING_SOURCE");
  reasons.push(...textReasons(optIn.consentText, brand));
  return reasons;
}

export interface ClassifyOptions {
  brand: string;
  /** The clock a timestamp is judged against (tests pass their own). */
  now?: Date;
}

export function classifyContact(evidence: ContactEvidence, options: ClassifyOptions): Classification {
  const whatsapp = channelState(evidence.facts, "whatsapp");
  const phone = phoneReasons(evidence.phone);

  if (whatsapp.optedOut) {
    return {
      segment: "opted_out",
      reasons: ["OPTED_OUT", ...phone],
      whatsappOptIn: null,
      optInLevel: null,
      decidedAt: whatsapp.optOutAt,
    };
  }

  if (whatsapp.optIn) {
    const reasons = [...proofReasons(whatsapp.optIn, options.brand, options.now ?? new Date()), ...phone];
    return {
      segment: reasons.length === 0 ? "whatsapp_substantiated" : "whatsapp_unsubstantiated",
      reasons: unique(reasons),
      whatsappOptIn: whatsapp.optIn,
      optInLevel: whatsapp.confirmed ? "confirmed" : "single",
      decidedAt: whatsapp.optIn.occurredAt,
    };
  }

  const sms = channelState(evidence.facts, "sms").optIn !== null;
  const email = channelState(evidence.facts, "email").optIn !== null;
  const reasons: ReasonCode[] = ["NO_WHATSAPP_OPT_IN"];
  if (sms) reasons.push("SMS_ONLY");
  if (email) reasons.push("EMAIL_ONLY");
  if (evidence.genericMarketingOptIn) reasons.push("UNCLEAR_CHANNEL");
  const anyConsent = sms || email || evidence.genericMarketingOptIn;
  if (!anyConsent) {
    reasons.push(evidence.phoneCollectedForOrders ? "TRANSACTIONAL_ONLY" : "UNCLEAR_CHANNEL");
  }
  reasons.push(...phone);
  return {
    segment: sms ? "sms_only" : email ? "email_only" : "unclear",
    reasons: unique(reasons),
    whatsappOptIn: null,
    optInLevel: null,
    decidedAt: null,
  };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** Group A: the only contacts a WhatsApp platform should ever receive. */
export function isExportable(classification: Pick<Classification, "segment" | "reasons">): boolean {
  return classification.segment === "whatsapp_substantiated" && classification.reasons.length === 0;
}
