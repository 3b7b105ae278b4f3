/**
 * The wording judge: does a consent wording hold one affirmative statement
 * in which the shopper agrees to receive marketing from the brand on
 * WhatsApp, with nothing around it that takes that agreement back?
 *
 * It reads sentences, not keywords. WhatsApp, the brand and a marketing
 * purpose must stand together in one sentence that is the shopper's own
 * yes ("Yes, send me...", "I agree...", "Get ..."); any refusal, opt-out
 * design, implied or bundled consent, service purpose, other sender, help
 * channel or other channel anywhere in the wording refuses it. Harmless
 * lines (how to stop, rates, "consent is not a condition of purchase") are
 * read first and set aside. In doubt, out: what the judge cannot read is
 * refused with a reason, never guessed. Pure: no I/O.
 */

import { brandCore, findBrand } from "../brand-match";
import type { Channel, ReasonCode } from "../types";
import { namesChannelBesideWhatsApp } from "./channels";
import { hasForeignWords, KNOWN_WORDS, languageOf, mixesLanguages } from "./language";
import { BRAND } from "./lexicon";
import {
  ALL_MARKETING_COMPOUNDS,
  BUNDLING,
  type ConsentLanguage,
  EMAIL,
  HELP_OR_SHARE,
  HOW_TO_STOP,
  IMPLIED,
  MARKETING,
  NEGATIONS,
  OPT_OUT_DESIGN,
  OTHER_CHANNELS,
  OTHER_SENDERS,
  REFUSALS,
  SMS,
  TRANSACTIONAL,
  WHATSAPP,
} from "./patterns";
import { namesAnotherSender, unmarkBrandInsideLongerNames, unmarkSenderWithLongerName } from "./senders";
import { acceptsSomethingElse, readSentence, sentencesOf } from "./sentences";

export type { ConsentLanguage } from "./patterns";

/** A label longer than this is a notice, not a checkbox label. */
export const MAX_LABEL_CHARACTERS = 450;
/**
 * The brand where a legal form closes it: the longer-name rules pass it by,
 * since nothing after "Ltd." is more of the name ("... Douce SARL. Fréquence").
 */
const BRAND_CLOSED = "qqbrandclosedqq";
const MAX_LABEL_WORDS = 80;

export interface WordingVerdict {
  /** Every refusal reason; empty only when the wording holds a consent statement and nothing against it. */
  reasons: ReasonCode[];
  language: ConsentLanguage | null;
  namesWhatsApp: boolean;
  namesBrand: boolean;
  statesMarketingPurpose: boolean;
  transactional: boolean;
  bundled: boolean;
  otherChannels: Channel[];
  explainsHowToStop: boolean;
}

/**
 * A word spelled out letter by letter ("N O T", "S.M.S.") is the word to a
 * reader: three or more single letters in a row, apart by a space or a dot, are joined.
 */
function joinSpelledOutLetters(text: string): string {
  return text.replace(/(?<![\p{L}\p{N}])\p{L}(?:[ .]\p{L}){2,}(?![\p{L}\p{N}])/gu, (letters) =>
    letters.replace(/[ .]/gu, ""),
  );
}

/** A cross, a "no" sign or a thumbs down beside the words says no, wherever it stands. */
const REFUSING_SYMBOLS = /[\u274C\u274E\u2717\u2718\u2612\u26D4\u2298\u{1F6AB}\u{1F44E}\u{1F645}\u{1F6D1}]/u;
/** A box drawn ticked in the text ("[x]", "☑", "☒") is a box the shopper did not tick. */
const DRAWN_TICKED_BOX = /\[ ?[x\u2713\u2714\u2717\u2718] ?\]|[\u2611\u2612]/u;

/**
 * A sentence the judge cannot read may take the yes back ("Nee.", "Revoked.",
 * "Jeg vil ikke."): one with another language's frequent words, or a lone
 * Latin word it does not know. In doubt, no consent. (A few letters of another
 * script stay tolerated, see ./language; its refusals are in the word lists.)
 */
function unread(sentence: { residue: string; signal: boolean }): boolean {
  if (sentence.signal) return false;
  const words = sentence.residue
    .split(/[^\p{L}\p{N}']+/u)
    .filter((word) => /\p{L}/u.test(word) && !/[^\p{Script=Latin}\p{N}']/u.test(word));
  if (hasForeignWords(words)) return true;
  const [only] = words;
  return (
    words.length === 1 &&
    only !== undefined &&
    !(
      KNOWN_WORDS.has(only) ||
      only === BRAND ||
      only.startsWith("whatsapp") ||
      MARKETING.test(only) ||
      HOW_TO_STOP.test(only)
    )
  );
}

export function judgeWording(
  visible: string,
  brand: string,
  fold: (text: string) => string,
  markup: { preTicked?: boolean; required?: boolean } = {},
): WordingVerdict {
  const foldedBrand = fold(brand);
  const singleWordBrand = brandCore(foldedBrand).length === 1;
  const lines = visible.split("\n").map((line) => {
    const folded = fold(line);
    let out = "";
    let last = 0;
    for (const [start, end, closedByLegalForm] of findBrand(folded, foldedBrand)) {
      out += `${folded.slice(last, start)} ${closedByLegalForm ? BRAND_CLOSED : BRAND} `;
      last = end;
    }
    const marked = (out + folded.slice(last)).replace(/ +/g, " ").trim();
    const unmarked = singleWordBrand
      ? unmarkBrandInsideLongerNames(marked)
      : unmarkSenderWithLongerName(marked);
    return unmarked.replaceAll(BRAND_CLOSED, BRAND);
  });
  const folded = lines.join("\n");
  const tokens = folded.split(/[^\p{L}\p{N}]+/u).filter((token) => token !== "");
  // Measured on the folded text: upper and lower case must never change a verdict ("ß" is "SS" in capitals).
  const letters = folded.replace(/[^\p{L}]/gu, "");
  const { language, unsupported } = languageOf(tokens, letters);
  const sentences = sentencesOf(joinSpelledOutLetters(folded)).map(readSentence);
  const residue = sentences.map((s) => s.residue).join(" \n ");
  const marketingFree = residue.replace(ALL_MARKETING_COMPOUNDS, " ");

  const namesWhatsApp = WHATSAPP.test(folded);
  const namesBrand = folded.includes(BRAND);
  const statesMarketingPurpose = sentences.some((s) => s.marketing);
  const transactional = TRANSACTIONAL.test(marketingFree);
  const bundled = BUNDLING.test(residue);
  const otherChannels: Channel[] = [];
  if (SMS.test(residue)) otherChannels.push("sms");
  if (EMAIL.test(residue)) otherChannels.push("email");
  const mixed =
    otherChannels.length > 0 ||
    OTHER_CHANNELS.test(residue) ||
    sentences.some((s) => namesChannelBesideWhatsApp(s.residue));
  const negated =
    NEGATIONS[language ?? "en"].test(residue) ||
    REFUSALS.test(residue) ||
    OPT_OUT_DESIGN.test(residue) ||
    REFUSING_SYMBOLS.test(folded) ||
    sentences.some(unread);
  const statements = sentences.filter((s) => s.whatsapp && s.brand && s.marketing && s.signal);
  const mixedLanguages = statements.some((s) => mixesLanguages(s.residue));
  const whatsappForHelp = sentences.some((s) => s.whatsapp && HELP_OR_SHARE.test(s.residue));
  const whatsappWithoutMarketing = namesWhatsApp && !sentences.some((s) => s.whatsapp && s.marketing);

  const reasons: ReasonCode[] = [];
  const add = (when: boolean, reason: ReasonCode) => {
    if (when) reasons.push(reason);
  };
  const tooLong = folded.length > MAX_LABEL_CHARACTERS || tokens.length > MAX_LABEL_WORDS;
  if (unsupported || mixedLanguages) {
    add(true, "TEXT_UNSUPPORTED_LANGUAGE");
    add(markup.preTicked === true, "TEXT_IMPLIED_CONSENT");
    add(tooLong, "TEXT_TOO_LONG");
  } else {
    add(!namesWhatsApp, "TEXT_MISSING_WHATSAPP");
    add(!namesBrand, "TEXT_MISSING_BRAND");
    add(!statesMarketingPurpose, "TEXT_NO_MARKETING_PURPOSE");
    add(transactional, "TEXT_TRANSACTIONAL");
    add(whatsappForHelp || whatsappWithoutMarketing, "TEXT_WHATSAPP_NOT_FOR_MARKETING");
    add(mixed, "TEXT_MIXED_CHANNELS");
    add(bundled || acceptsSomethingElse(residue) || markup.required === true, "TEXT_BUNDLED");
    add(
      IMPLIED.test(residue) || DRAWN_TICKED_BOX.test(folded) || markup.preTicked === true,
      "TEXT_IMPLIED_CONSENT",
    );
    add(
      OTHER_SENDERS.test(residue) || sentences.some((s) => namesAnotherSender(s.residue)),
      "TEXT_OTHER_SENDER",
    );
    const bound = sentences.some((s) => s.whatsapp && s.brand && s.marketing);
    add(negated || (statements.length === 0 && bound), "TEXT_NOT_CONSENT");
    add(
      statements.length === 0 && !bound && namesWhatsApp && namesBrand && statesMarketingPurpose,
      "TEXT_NOT_ONE_STATEMENT",
    );
    add(tooLong, "TEXT_TOO_LONG");
    // Whatever else was found, a wording with no statement of agreement is never one.
    add(reasons.length === 0 && statements.length === 0, "TEXT_NOT_CONSENT");
  }

  return {
    reasons,
    language,
    namesWhatsApp,
    namesBrand,
    statesMarketingPurpose,
    transactional,
    bundled,
    otherChannels,
    explainsHowToStop: HOW_TO_STOP.test(folded),
  };
}
