/**
 * Consent-text analyzer: does the exact wording shown to a shopper make a
 * WhatsApp marketing opt-in that a WhatsApp platform will accept?
 *
 * Pure functions, no I/O. All matching works on a folded form of the text
 * (see foldForMatching), so case, accents, Unicode forms and spacing never
 * change the verdict. The word lists live in ./consent-text-lexicon.
 */
import { createHash } from "node:crypto";
import {
  CONSENT_LANGUAGES,
  type ConsentLanguage,
  type LanguageLexicon,
  LEXICON,
  WHATSAPP_SHORTHANDS,
} from "./consent-text-lexicon";
import type { Channel, ReasonCode } from "./types";

export { CONSENT_LANGUAGES, type ConsentLanguage } from "./consent-text-lexicon";

export type TextFindingCode =
  | "EMPTY_TEXT"
  | "NAMES_WHATSAPP"
  | "MISSING_WHATSAPP"
  | "NAMES_BRAND"
  | "MISSING_BRAND"
  | "MARKETING_PURPOSE"
  | "MISSING_MARKETING_PURPOSE"
  | "BUNDLED_WITH_TERMS"
  | "OTHER_CHANNELS"
  | "TRANSACTIONAL_ONLY"
  | "HOW_TO_STOP"
  | "MISSING_HOW_TO_STOP";

export type TextFindingSeverity = "ok" | "warning" | "error";

export interface TextFinding {
  code: TextFindingCode;
  severity: TextFindingSeverity;
  message: string;
}

export interface TextAnalysis {
  /** True only when no finding has severity "error". */
  acceptable: boolean;
  /** Best guess of the text's language; null when no known word was found. */
  language: ConsentLanguage | null;
  namesWhatsApp: boolean;
  namesBrand: boolean;
  statesMarketingPurpose: boolean;
  bundledWithTerms: boolean;
  /** Channels other than WhatsApp that the text also names. */
  otherChannels: Channel[];
  /** Order, delivery or support wording and no marketing purpose. */
  transactionalOnly: boolean;
  explainsHowToStop: boolean;
  findings: TextFinding[];
  /** Subset of MISSING_CONSENT_TEXT, TEXT_MISSING_WHATSAPP, TEXT_MISSING_BRAND. */
  reasons: ReasonCode[];
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

/** Words (letters and digits) of a folded text. */
function wordsOf(folded: string): string[] {
  return folded.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== "");
}

// ---------------------------------------------------------------------------
// Detectors (each takes folded text)

const LEFT = "(?<![\\p{L}\\p{N}])";
const RIGHT = "(?![\\p{L}\\p{N}])";

function compile(pick: (lexicon: LanguageLexicon) => readonly string[]): RegExp {
  const sources = CONSENT_LANGUAGES.flatMap((lang) => pick(LEXICON[lang]));
  return new RegExp(`${LEFT}(?:${sources.map((s) => `(?:${s})`).join("|")})${RIGHT}`, "u");
}

const MARKETING = compile((l) => l.marketing);
const TRANSACTIONAL = compile((l) => l.transactional);
const BUNDLING = compile((l) => l.bundling);
const SMS = compile((l) => l.sms);
const EMAIL = compile((l) => l.email);
const HOW_TO_STOP = compile((l) => l.howToStop);

/**
 * "WhatsApp", "Whats App", "WHATSAPP", "WhatsApp-Nachrichten"... Only
 * whitespace may separate "whats" and "app"; "WA" and "Zap" do not count.
 */
const WHATSAPP = new RegExp(`${LEFT}whats ?app`, "u");
const SHORTHAND = new RegExp(`${LEFT}(?:${WHATSAPP_SHORTHANDS.join("|")})${RIGHT}`, "u");

const STOPWORDS: ReadonlyArray<[ConsentLanguage, ReadonlySet<string>]> = CONSENT_LANGUAGES.map((lang) => [
  lang,
  new Set(LEXICON[lang].stopwords),
]);

/** True when the text names WhatsApp (case, accent and spacing tolerant). */
export function mentionsWhatsApp(text: string): boolean {
  return WHATSAPP.test(foldForMatching(text));
}

/** The brand as folded words; empty when the brand has no letters or digits. */
export function brandWords(brand: string): string[] {
  return wordsOf(foldForMatching(brand));
}

function brandInWords(textWords: readonly string[], brand: readonly string[]): boolean {
  if (brand.length === 0) return false;
  // Compare the brand with runs of consecutive whole words, ignoring the
  // separators, so "Acme Coffee", "ACME-coffee", "AcmeCoffee" and
  // "Acme Coffee's" all match while "Ace" never matches inside "space".
  const target = brand.join("");
  for (let start = 0; start < textWords.length; start++) {
    let run = "";
    for (let end = start; end < textWords.length && run.length < target.length; end++) {
      run += textWords[end];
      if (run === target) return true;
      if (!target.startsWith(run)) break;
    }
  }
  return false;
}

/** True when the text names the brand as whole words (case, accent and punctuation tolerant). */
export function mentionsBrand(text: string, brand: string): boolean {
  return brandInWords(wordsOf(foldForMatching(text)), brandWords(brand));
}

/** Language with the most stopword hits; earlier languages win ties; null without hits. */
export function guessLanguage(text: string): ConsentLanguage | null {
  return guessFromWords(wordsOf(foldForMatching(text)));
}

function guessFromWords(words: readonly string[]): ConsentLanguage | null {
  let best: ConsentLanguage | null = null;
  let bestHits = 0;
  for (const [lang, stopwords] of STOPWORDS) {
    let hits = 0;
    for (const word of words) if (stopwords.has(word)) hits++;
    if (hits > bestHits) {
      best = lang;
      bestHits = hits;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------
// Messages (plain English for the store owner)

const CHANNEL_LABELS: Record<Channel, string> = { whatsapp: "WhatsApp", sms: "SMS", email: "email" };

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

const MESSAGES = {
  EMPTY_TEXT:
    "No consent wording was recorded. Save the exact words shoppers saw when they opted in; without them the opt-in cannot be proven.",
  NAMES_WHATSAPP: "The text names WhatsApp as the channel.",
  MISSING_WHATSAPP:
    "The text never mentions WhatsApp. Shoppers must know they are agreeing to WhatsApp messages specifically.",
  MISSING_WHATSAPP_SHORTHAND:
    'The text never spells out WhatsApp. Short forms such as "WA" or "Zap" are not clear enough; write "WhatsApp" in full.',
  NAMES_BRAND: (brand: string) => `The text names your brand (${brand}).`,
  MISSING_BRAND: (brand: string) =>
    `The text does not mention ${brand}. Name your store so shoppers know who will message them.`,
  NO_BRAND:
    "No brand name was given, so the text could not be checked for it. Set your store's brand name and make sure the text uses it.",
  MARKETING_PURPOSE: "The text says the messages are for marketing, such as offers or news.",
  MISSING_MARKETING_PURPOSE:
    "The text does not say the messages will be marketing. Say what shoppers will get, for example offers, discounts or new products.",
  TRANSACTIONAL_ONLY:
    "The text only talks about orders, delivery or support. Agreeing to service messages is not agreeing to marketing campaigns.",
  BUNDLED_WITH_TERMS:
    "The WhatsApp opt-in is tied to accepting your terms, privacy policy or an order. Give it its own optional checkbox.",
  OTHER_CHANNELS: (channels: readonly Channel[]) =>
    `The text also asks for ${listOf(channels.map((c) => CHANNEL_LABELS[c]))} in the same consent. One agreement covering several channels is weaker proof; a WhatsApp-only opt-in is clearer.`,
  HOW_TO_STOP: "The text tells shoppers how to stop the messages.",
  MISSING_HOW_TO_STOP:
    'The text does not say how to stop the messages. Add a line such as "Reply STOP to unsubscribe at any time."',
} as const;

// ---------------------------------------------------------------------------
// The analyzer

const EMPTY_ANALYSIS: Omit<TextAnalysis, "findings" | "reasons"> = {
  acceptable: false,
  language: null,
  namesWhatsApp: false,
  namesBrand: false,
  statesMarketingPurpose: false,
  bundledWithTerms: false,
  otherChannels: [],
  transactionalOnly: false,
  explainsHowToStop: false,
};

/**
 * Checks the exact consent wording shown to shoppers against what a WhatsApp
 * marketing opt-in needs. `brand` is the store's brand name as shoppers know it.
 */
export function analyzeConsentText(text: string | null | undefined, brand: string): TextAnalysis {
  const folded = foldForMatching(normalizeConsentText(text ?? ""));
  if (folded === "") {
    return {
      ...EMPTY_ANALYSIS,
      otherChannels: [],
      findings: [{ code: "EMPTY_TEXT", severity: "error", message: MESSAGES.EMPTY_TEXT }],
      reasons: ["MISSING_CONSENT_TEXT"],
    };
  }

  const words = wordsOf(folded);
  const wanted = brandWords(brand);
  const brandLabel = brand.trim();

  const namesWhatsApp = WHATSAPP.test(folded);
  const namesBrand = brandInWords(words, wanted);
  const statesMarketingPurpose = MARKETING.test(folded);
  const transactionalOnly = !statesMarketingPurpose && TRANSACTIONAL.test(folded);
  const bundledWithTerms = BUNDLING.test(folded);
  const otherChannels: Channel[] = [];
  if (SMS.test(folded)) otherChannels.push("sms");
  if (EMAIL.test(folded)) otherChannels.push("email");
  const explainsHowToStop = HOW_TO_STOP.test(folded);

  const findings: TextFinding[] = [];
  const add = (code: TextFindingCode, severity: TextFindingSeverity, message: string) =>
    findings.push({ code, severity, message });

  if (namesWhatsApp) add("NAMES_WHATSAPP", "ok", MESSAGES.NAMES_WHATSAPP);
  else {
    const shorthand = SHORTHAND.test(folded);
    add(
      "MISSING_WHATSAPP",
      "error",
      shorthand ? MESSAGES.MISSING_WHATSAPP_SHORTHAND : MESSAGES.MISSING_WHATSAPP,
    );
  }

  if (namesBrand) add("NAMES_BRAND", "ok", MESSAGES.NAMES_BRAND(brandLabel));
  else if (wanted.length === 0) add("MISSING_BRAND", "error", MESSAGES.NO_BRAND);
  else add("MISSING_BRAND", "error", MESSAGES.MISSING_BRAND(brandLabel));

  if (statesMarketingPurpose) add("MARKETING_PURPOSE", "ok", MESSAGES.MARKETING_PURPOSE);
  else add("MISSING_MARKETING_PURPOSE", "error", MESSAGES.MISSING_MARKETING_PURPOSE);
  if (transactionalOnly) add("TRANSACTIONAL_ONLY", "error", MESSAGES.TRANSACTIONAL_ONLY);

  if (bundledWithTerms) add("BUNDLED_WITH_TERMS", "error", MESSAGES.BUNDLED_WITH_TERMS);
  if (otherChannels.length > 0) add("OTHER_CHANNELS", "warning", MESSAGES.OTHER_CHANNELS(otherChannels));

  if (explainsHowToStop) add("HOW_TO_STOP", "ok", MESSAGES.HOW_TO_STOP);
  else add("MISSING_HOW_TO_STOP", "warning", MESSAGES.MISSING_HOW_TO_STOP);

  const reasons: ReasonCode[] = [];
  if (!namesWhatsApp) reasons.push("TEXT_MISSING_WHATSAPP");
  if (!namesBrand) reasons.push("TEXT_MISSING_BRAND");

  return {
    acceptable: !findings.some((f) => f.severity === "error"),
    language: guessFromWords(words),
    namesWhatsApp,
    namesBrand,
    statesMarketingPurpose,
    bundledWithTerms,
    otherChannels,
    transactionalOnly,
    explainsHowToStop,
    findings,
    reasons,
  };
}
