/**
 * What a contact's detail page says about each reason against it: the
 * shared label and explanation, and a remedy fitted to this contact's own
 * data, with a link that does it where the app can (the re-permission list
 * with the contact's segment chosen, the capture setup, the record exported
 * in its place). Pure: it reads the contact the page already loaded.
 */
import { REASON_TEXT } from "../consent/reasons";
import type { ReasonCode } from "../consent/types";

export interface RemedyAction {
  label: string;
  url: string;
}

export interface ContactReason {
  code: ReasonCode;
  label: string;
  explanation: string;
  remedy: string;
  action: RemedyAction | null;
}

export interface RemedyFacts {
  segment: string;
  phoneE164: string | null;
  phoneRaw: string | null;
  email: string | null;
  duplicateOfId: string | null;
  /** Whether that other record is exported; it may be held back for reasons of its own. */
  duplicateOfExportable?: boolean | null;
}

/**
 * Whether a reason's fix is a new opt-in with proof ("ask_again": the
 * re-permission list or the capture setup) or a remedy of its own. A record
 * over every code, so a new reason cannot be added without this choice.
 */
const FIX_OF: Record<ReasonCode, "ask_again" | "own_remedy"> = {
  NO_WHATSAPP_OPT_IN: "ask_again",
  SMS_ONLY: "ask_again",
  EMAIL_ONLY: "ask_again",
  UNCLEAR_CHANNEL: "ask_again",
  TRANSACTIONAL_ONLY: "ask_again",
  TEXT_MISSING_WHATSAPP: "ask_again",
  TEXT_MISSING_BRAND: "ask_again",
  TEXT_NO_MARKETING_PURPOSE: "ask_again",
  TEXT_TRANSACTIONAL: "ask_again",
  TEXT_BUNDLED: "ask_again",
  TEXT_NOT_CONSENT: "ask_again",
  TEXT_IMPLIED_CONSENT: "ask_again",
  TEXT_OTHER_SENDER: "ask_again",
  TEXT_WHATSAPP_NOT_FOR_MARKETING: "ask_again",
  TEXT_MIXED_CHANNELS: "ask_again",
  TEXT_NOT_ONE_STATEMENT: "ask_again",
  TEXT_TOO_LONG: "ask_again",
  MISSING_TIMESTAMP: "ask_again",
  IMPLAUSIBLE_TIMESTAMP: "ask_again",
  MISSING_SOURCE: "ask_again",
  MISSING_CONSENT_TEXT: "ask_again",
  // Wording in a language the judge does not read: its remedy is wording it reads, said in REASON_TEXT.
  TEXT_UNSUPPORTED_LANGUAGE: "own_remedy",
  INVALID_PHONE: "own_remedy",
  MISSING_COUNTRY_CODE: "own_remedy",
  DUPLICATE: "own_remedy",
  OPTED_OUT: "own_remedy",
};

/** Segments the re-permission export holds (app/export/re-permission.server.ts). */
const RE_PERMISSION: ReadonlySet<string> = new Set(["sms_only", "email_only"]);

export const REMEDY_TEXT = {
  rePermission: "Download the re-permission list",
  capture: "Set up a WhatsApp opt-in",
  exportedRecord: "Open the record that is exported",
  otherRecord: "Open the other record with this number",
  duplicateNotExported:
    "Nothing to do on this record: the other record with this number stands for it. That one is not exported either; its page says why.",
  noPhone: "There is no phone number on record for this contact.",
  noPhoneRemedy:
    "Nothing to correct: they can only be messaged on WhatsApp once they give a number with a WhatsApp opt-in.",
  noPhoneTransactional: "There is no phone number on record, and nothing shows they agreed to marketing.",
  duplicateWithoutLink: "Nothing to do: another record with this number is the one exported.",
} as const;

export function contactReasons(codes: readonly ReasonCode[], facts: RemedyFacts): ContactReason[] {
  const hasPhone = Boolean(facts.phoneE164 || facts.phoneRaw);
  const askAgain: RemedyAction = RE_PERMISSION.has(facts.segment)
    ? { label: REMEDY_TEXT.rePermission, url: `/app/export?segment=${facts.segment}#re-permission` }
    : { label: REMEDY_TEXT.capture, url: "/app/capture" };
  const reasons = codes.map((code) => remedyFor(code, facts, hasPhone, askAgain));
  // One button per fix: a second reason with the same fix only says what to do.
  const offered = new Set<string>();
  return reasons.map((reason) => {
    if (!reason.action) return reason;
    if (offered.has(reason.action.url)) return { ...reason, action: null };
    offered.add(reason.action.url);
    return reason;
  });
}

function remedyFor(
  code: ReasonCode,
  facts: RemedyFacts,
  hasPhone: boolean,
  askAgain: RemedyAction,
): ContactReason {
  const text = REASON_TEXT[code];
  const reason: ContactReason = { code, ...text, action: null };
  if (code === "INVALID_PHONE" && !hasPhone) {
    return {
      ...reason,
      explanation: REMEDY_TEXT.noPhone,
      remedy: REMEDY_TEXT.noPhoneRemedy,
      action: { label: REMEDY_TEXT.capture, url: "/app/capture" },
    };
  }
  if (code === "TRANSACTIONAL_ONLY" && !hasPhone) {
    return { ...reason, explanation: REMEDY_TEXT.noPhoneTransactional, action: askAgain };
  }
  if (code === "DUPLICATE") {
    if (!facts.duplicateOfId) return { ...reason, remedy: REMEDY_TEXT.duplicateWithoutLink };
    const url = `/app/contacts/${facts.duplicateOfId}`;
    return facts.duplicateOfExportable === false
      ? {
          ...reason,
          remedy: REMEDY_TEXT.duplicateNotExported,
          action: { label: REMEDY_TEXT.otherRecord, url },
        }
      : { ...reason, action: { label: REMEDY_TEXT.exportedRecord, url } };
  }
  if (FIX_OF[code] === "ask_again") return { ...reason, action: askAgain };
  return reason;
}
