/**
 * Consent-text analyzer: does the exact wording shown to a shopper make a
 * WhatsApp marketing opt-in that the strictest WhatsApp platform accepts?
 * `check-text`, the consent texts page and the contact classifier all ask
 * this one function, so Group A is always a subset of what it accepts.
 *
 * Pure functions, no I/O. The wording is first reduced to what a shopper
 * sees (./visible-text), then read sentence by sentence (./wording/judge).
 */
import { createHash } from "node:crypto";
import { brandCore } from "./brand-match";
import { CONSENT_RULES_VERSION } from "./rules-version";
import type { Channel, ReasonCode } from "./types";
import { requiresTheBox, visibleText } from "./visible-text";
import { type ConsentLanguage, judgeWording } from "./wording/judge";

export type { ConsentLanguage } from "./wording/judge";

export type TextFindingCode =
  | "NAMES_WHATSAPP"
  | "NAMES_BRAND"
  | "MARKETING_PURPOSE"
  | "CONSENT_STATEMENT"
  | "HOW_TO_STOP"
  | "MISSING_HOW_TO_STOP"
  | "HIDDEN_MARKUP"
  | "MISSING_CONSENT_TEXT"
  | Extract<ReasonCode, `TEXT_${string}`>;

export type TextFindingSeverity = "ok" | "warning" | "error";

export interface TextFinding {
  code: TextFindingCode;
  severity: TextFindingSeverity;
  message: string;
}

export interface TextAnalysis {
  /** True only when `reasons` is empty: the wording holds one clear yes to WhatsApp marketing from the brand. */
  acceptable: boolean;
  /** Best guess of the text's language; null when no known word was found. */
  language: ConsentLanguage | null;
  namesWhatsApp: boolean;
  namesBrand: boolean;
  statesMarketingPurpose: boolean;
  bundledWithTerms: boolean;
  /** Channels other than WhatsApp that the text also names. */
  otherChannels: Channel[];
  /** Messages about orders, delivery, tracking, receipts, returns or support. */
  transactional: boolean;
  explainsHowToStop: boolean;
  /** The words a shopper sees (markup and invisible characters removed). */
  visibleText: string;
  findings: TextFinding[];
  /** Every reason the wording is refused: MISSING_CONSENT_TEXT or TEXT_* codes. Empty when acceptable. */
  reasons: ReasonCode[];
  /** The rules that judged it (see rules-version.ts). */
  rulesVersion: string;
}

// ---------------------------------------------------------------------------
// Normalisation and hashing

/**
 * The canonical form of a consent text, the one that is stored, hashed and
 * compared: Unicode NFC, every run of whitespace turned into one space,
 * no leading or trailing whitespace.
 */
export function normalizeConsentText(text: string): string {
  return text.normalize("NFC").replace(/\s+/gu, " ").trim();
}

/** Lowercase hex SHA-256 of the canonical form (UTF-8). */
export function textSha256(text: string): string {
  return createHash("sha256").update(normalizeConsentText(text), "utf8").digest("hex");
}

/**
 * Folded form used for matching only (never stored): compatibility-decomposed,
 * accents and other combining marks removed, case-folded, `ß` as `ss`,
 * apostrophes as `'`, quotes as `"`, dashes as `-`, whitespace collapsed.
 * Folding the upper- or lower-cased text gives the same result.
 */
export function foldForMatching(text: string): string {
  return (
    text
      .normalize("NFKD")
      // Greek iota subscript: its capital form is a full iota, keep it as one.
      .replace(/\u0345/gu, "ι")
      .replace(/\p{M}/gu, "")
      .toUpperCase()
      .toLowerCase()
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .replace(/ß/gu, "ss")
      .replace(/ς/gu, "σ")
      .replace(/[\u2018\u2019\u201A\u201B\u2032\u02BC\u0060\u00B4]/gu, "'")
      .replace(/[\u201C\u201D\u201E\u201F\u00AB\u00BB\u2033]/gu, '"')
      .replace(/\p{Pd}/gu, "-")
      .replace(/\s+/gu, " ")
      .trim()
  );
}

const WHATSAPP = /(?<![\p{L}\p{N}])whats ?app/u;

/** True when the visible text names WhatsApp (case, accent and spacing tolerant). */
export function mentionsWhatsApp(text: string): boolean {
  return WHATSAPP.test(foldForMatching(visibleText(text).text));
}

/** The brand as folded words, without its legal form; empty when the brand has no letters or digits. */
export function brandWords(brand: string): string[] {
  return brandCore(foldForMatching(brand));
}

/** True when the visible text names the brand (legal forms, "&"/"and", ü/ue tolerant). */
export function mentionsBrand(text: string, brand: string): boolean {
  return judgeWording(visibleText(text).text, brand, foldForMatching).namesBrand;
}

/** The supported language the text is written in; null when none is recognised. */
export function guessLanguage(text: string): ConsentLanguage | null {
  return judgeWording(visibleText(text).text, "", foldForMatching).language;
}

/** Shorthands for WhatsApp that are not accepted, only used to make the advice precise. */
const SHORTHAND =
  /(?<![\p{L}\p{N}])(?:wa|zap|zapzap|zap zap|zapp|wpp|whats|watsapp|whatsap|watsap|wassap|whatsup)(?![\p{L}\p{N}])/u;

// ---------------------------------------------------------------------------
// Messages (plain English for the store owner; they never echo the wording)

const CHANNEL_LABELS: Record<Channel, string> = { whatsapp: "WhatsApp", sms: "SMS", email: "email" };

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

const OK_MESSAGES = {
  NAMES_WHATSAPP: "The text names WhatsApp as the channel.",
  NAMES_BRAND: (brand: string) => `The text names your brand (${brand}).`,
  MARKETING_PURPOSE: "The text says the messages are for marketing, such as offers or news.",
  CONSENT_STATEMENT: "One sentence is the shopper's own yes to marketing from your brand on WhatsApp.",
  HOW_TO_STOP: "The text tells shoppers how to stop the messages.",
} as const;

const MISSING_HOW_TO_STOP =
  'The text does not say how to stop the messages. Add a line such as "Reply STOP to unsubscribe at any time."';
const HIDDEN_MARKUP =
  "Part of this text is markup a shopper never sees (hidden elements, comments or attributes); only the visible words were judged.";

const STYLE_SHEET_MESSAGE =
  "This text carries its own style rules, which can hide any of its words from shoppers, so what they see cannot be known and it cannot count as proof. Remove the style part and keep the words plain.";

function errorMessage(
  code: TextFindingCode,
  brand: string,
  analysis: { otherChannels: Channel[] },
  shorthand: boolean,
): string {
  switch (code) {
    case "MISSING_CONSENT_TEXT":
      return "No consent wording was recorded. Save the exact words shoppers saw when they opted in; without them the opt-in cannot be proven.";
    case "TEXT_MISSING_WHATSAPP":
      return shorthand
        ? 'The text never spells out WhatsApp. Short forms such as "WA" or "Zap" are not clear enough; write "WhatsApp" in full.'
        : "The text never mentions WhatsApp. Shoppers must know they are agreeing to WhatsApp messages specifically.";
    case "TEXT_MISSING_BRAND":
      return brandWords(brand).length === 0
        ? "No brand name was given, so the text could not be checked for it. Set your store's brand name and make sure the text uses it."
        : `The text does not mention ${brand.trim()}. Name your store so shoppers know who will message them.`;
    case "TEXT_NO_MARKETING_PURPOSE":
      return 'The text does not say the messages will be marketing. "WhatsApp messages" alone could be anything: say what shoppers will get, for example offers, discounts or new products.';
    case "TEXT_TRANSACTIONAL":
      return "The text talks about orders, delivery, tracking, receipts, returns or support. Agreeing to service messages is not agreeing to marketing; keep them out of this checkbox.";
    case "TEXT_BUNDLED":
      return "The WhatsApp opt-in is tied to your terms, your privacy policy or an order. Give it its own optional checkbox; a plain link to the privacy policy is fine.";
    case "TEXT_NOT_CONSENT":
      return 'The text is not the shopper saying yes: it refuses, asks them to untick or object, or only informs them. Write it as their own agreement, for example "Yes, send me offers from your brand on WhatsApp."';
    case "TEXT_IMPLIED_CONSENT":
      return "The text treats buying, creating an account, continuing, a pre-ticked box or silence as agreement. Only a box the shopper ticks themselves counts.";
    case "TEXT_OTHER_SENDER":
      return "The text lets partners, third parties or another brand message the shopper. Name only your own brand as the sender.";
    case "TEXT_WHATSAPP_NOT_FOR_MARKETING":
      return "WhatsApp appears as a way to get help, order or share, not as the channel the offers come through. Say that the marketing will be sent on WhatsApp.";
    case "TEXT_MIXED_CHANNELS": {
      const others = analysis.otherChannels.filter((c) => c !== "whatsapp").map((c) => CHANNEL_LABELS[c]);
      return `The text also covers ${others.length > 0 ? listOf(others) : "another channel"} in the same agreement. Platforms want a WhatsApp-only choice: give each channel its own checkbox.`;
    }
    case "TEXT_NOT_ONE_STATEMENT":
      return "WhatsApp, your brand and the marketing purpose appear, but never together in one sentence. Put them in the sentence the shopper agrees to.";
    case "TEXT_UNSUPPORTED_LANGUAGE":
      return "The text is in a language this check cannot read yet (English, Spanish, Portuguese, German, French and Italian are supported), so it cannot count as proof.";
    case "TEXT_TOO_LONG":
      return "The text is far longer than a checkbox label, like a notice or a policy. Use one or two short sentences for the opt-in.";
    default:
      return "The text cannot be accepted as WhatsApp marketing consent.";
  }
}

// ---------------------------------------------------------------------------
// The analyzer

/**
 * Checks the exact consent wording shown to shoppers against what a WhatsApp
 * marketing opt-in needs. `brand` is the store's brand name as shoppers know it.
 */
export function analyzeConsentText(text: string | null | undefined, brand: string): TextAnalysis {
  const visible = visibleText(normalizeConsentText(text ?? ""));
  if (!/[\p{L}\p{N}]/u.test(visible.text)) {
    return {
      acceptable: false,
      language: null,
      namesWhatsApp: false,
      namesBrand: false,
      statesMarketingPurpose: false,
      bundledWithTerms: false,
      otherChannels: [],
      transactional: false,
      explainsHowToStop: false,
      visibleText: visible.text,
      findings: [
        {
          code: "MISSING_CONSENT_TEXT",
          severity: "error",
          message: visible.styleSheet
            ? STYLE_SHEET_MESSAGE
            : errorMessage("MISSING_CONSENT_TEXT", brand, { otherChannels: [] }, false),
        },
      ],
      reasons: ["MISSING_CONSENT_TEXT"],
      rulesVersion: CONSENT_RULES_VERSION,
    };
  }
  const verdict = judgeWording(visible.text, brand, foldForMatching, {
    preTicked: visible.preTicked,
    required: requiresTheBox(normalizeConsentText(text ?? "")),
  });
  const folded = foldForMatching(visible.text);
  const findings: TextFinding[] = [];
  const ok = (code: TextFindingCode, message: string) => findings.push({ code, severity: "ok", message });
  if (verdict.namesWhatsApp) ok("NAMES_WHATSAPP", OK_MESSAGES.NAMES_WHATSAPP);
  if (verdict.namesBrand) ok("NAMES_BRAND", OK_MESSAGES.NAMES_BRAND(brand.trim()));
  if (verdict.statesMarketingPurpose) ok("MARKETING_PURPOSE", OK_MESSAGES.MARKETING_PURPOSE);
  if (verdict.reasons.length === 0) ok("CONSENT_STATEMENT", OK_MESSAGES.CONSENT_STATEMENT);
  for (const reason of verdict.reasons) {
    const code = reason as TextFindingCode;
    findings.push({
      code,
      severity: "error",
      message: errorMessage(code, brand, verdict, SHORTHAND.test(folded)),
    });
  }
  if (verdict.explainsHowToStop) ok("HOW_TO_STOP", OK_MESSAGES.HOW_TO_STOP);
  else findings.push({ code: "MISSING_HOW_TO_STOP", severity: "warning", message: MISSING_HOW_TO_STOP });
  if (visible.hiddenDropped)
    findings.push({ code: "HIDDEN_MARKUP", severity: "warning", message: HIDDEN_MARKUP });

  return {
    acceptable: verdict.reasons.length === 0,
    language: verdict.language,
    namesWhatsApp: verdict.namesWhatsApp,
    namesBrand: verdict.namesBrand,
    statesMarketingPurpose: verdict.statesMarketingPurpose,
    bundledWithTerms: verdict.bundled,
    otherChannels: verdict.otherChannels,
    transactional: verdict.transactional,
    explainsHowToStop: verdict.explainsHowToStop,
    visibleText: visible.text,
    findings,
    reasons: verdict.reasons,
    rulesVersion: CONSENT_RULES_VERSION,
  };
}
