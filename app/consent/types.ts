/**
 * The shared vocabulary of the consent core: channels, actions, sources,
 * segments and reason codes (see docs/product.md in ../shared/notes).
 * Pure TypeScript: nothing here may import Remix, Prisma or Shopify.
 */

export const CHANNELS = ["whatsapp", "sms", "email"] as const;
export type Channel = (typeof CHANNELS)[number];

export const CONSENT_ACTIONS = ["opt_in", "opt_out", "confirm"] as const;
export type ConsentAction = (typeof CONSENT_ACTIONS)[number];

export const SOURCE_KINDS = [
  "storefront_block",
  "storefront_embed",
  "checkout",
  "thank_you",
  "shopify_sync",
  "import",
  "admin",
  "whatsapp_reply",
  "test_opt_in",
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/**
 * A test opt-in the merchant sent from the capture page (through the real
 * App Proxy path): recorded in the ledger, shown in the timeline, and never
 * evidence of anything (docs/decisions/014-test-opt-ins.md).
 */
export const TEST_SOURCE = "test_opt_in" satisfies SourceKind;

export const CAPTURE_METHODS = ["checkbox", "click_to_chat", "import", "shopify_sync", "admin"] as const;
export type CaptureMethod = (typeof CAPTURE_METHODS)[number];

export const OPT_IN_LEVELS = ["single", "confirmed"] as const;
export type OptInLevel = (typeof OPT_IN_LEVELS)[number];

export const SEGMENTS = [
  "whatsapp_substantiated",
  "whatsapp_unsubstantiated",
  "sms_only",
  "email_only",
  "unclear",
  "opted_out",
] as const;
export type Segment = (typeof SEGMENTS)[number];

export const REASON_CODES = [
  "NO_WHATSAPP_OPT_IN",
  "SMS_ONLY",
  "EMAIL_ONLY",
  "UNCLEAR_CHANNEL",
  "TRANSACTIONAL_ONLY",
  "TEXT_MISSING_WHATSAPP",
  "TEXT_MISSING_BRAND",
  "TEXT_NO_MARKETING_PURPOSE",
  "TEXT_TRANSACTIONAL",
  "TEXT_BUNDLED",
  "TEXT_NOT_CONSENT",
  "TEXT_IMPLIED_CONSENT",
  "TEXT_OTHER_SENDER",
  "TEXT_WHATSAPP_NOT_FOR_MARKETING",
  "TEXT_MIXED_CHANNELS",
  "TEXT_NOT_ONE_STATEMENT",
  "TEXT_UNSUPPORTED_LANGUAGE",
  "TEXT_TOO_LONG",
  "MISSING_TIMESTAMP",
  "IMPLAUSIBLE_TIMESTAMP",
  "MISSING_SOURCE",
  "MISSING_CONSENT_TEXT",
  "INVALID_PHONE",
  "MISSING_COUNTRY_CODE",
  "DUPLICATE",
  "OPTED_OUT",
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** A consent fact as the classifier sees it (storage-agnostic). */
export interface ConsentFact {
  id: string;
  channel: Channel;
  action: ConsentAction;
  /** When it happened; null when the source gave no timestamp. */
  occurredAt: Date | null;
  sourceKind: SourceKind | null;
  /** Page URL, form id, checkout token, file name and line... empty when unknown. */
  sourceDetail: string | null;
  captureMethod: CaptureMethod | null;
  /** The exact words shown; null when unknown. */
  consentText: string | null;
  /** Set when a later step confirmed the opt-in (double opt-in). */
  level?: OptInLevel;
}
