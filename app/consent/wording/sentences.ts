/**
 * A wording cut into sentences, each read for what it holds: WhatsApp, the
 * brand, a marketing purpose and the shopper's own yes, once the harmless
 * lines (how to stop, rates, a privacy pointer) are taken out.
 */

import { BRAND } from "./lexicon";
import {
  AFFIRMATION_ONLY,
  AFFIRMATION_OPENER,
  AGREEMENT_VERB,
  BENIGN,
  CONSENT_SIGNALS,
  INFINITIVE_LABELS,
  MARKETING,
  MARKETING_COMPOUNDS,
  OPENERS,
  PRIVACY_POLICY,
  STOP_INSTRUCTION,
  WHATSAPP,
} from "./patterns";

/**
 * "I accept the ...", "I agree to the ...", "I consent to my ...", "acconsento al ..." in
 * each language, and the three words after the article, possessive or "all"
 * (global: used with matchAll only).
 */
const ACCEPT_THE = new RegExp(
  `(?<![\\p{L}])(?:i accept|accept|(?:i )?(?:agree|consent) (?:to|with)|(?:i )?acknowledge|acepto|consiento|estoy de acuerdo con|aceito|concordo com|akzeptiere|stimme|j'accepte|je consens a|accetto|acconsento) (?:the|all|everything|my|your|our|${BRAND} 's|las|los|la|el|al|del|todo|todos|todas|o|a|os|as|ao|aos|tudo|le|les|au|aux|tout|tous|toutes|il|lo|gli|ai|alla|alle|allo|agli|tutto|tutti|tutte|die|das|den|der|dem|allen|allem|alles) ((?:[^ ]+ ?){1,3})`,
  "gu",
);

/** "Accept all", "I agree to everything above": whatever else the form holds is agreed with the messages. */
const ACCEPT_ALL =
  /(?<![\p{L}])(?:accept|agree to|consent to|acepto|aceito|akzeptiere|j'accepte|accetto) (?:all|everything|todo|tudo|alles|tout|tutto)(?= ?(?:[.,:;!]|$| (?:of )?(?:the )?above))/u;
/** The object is the receiving of messages ("acconsento al ricevimento di ..."), not another thing. */
const RECEIVING =
  /(?<![\p{L}])(?:receiv\p{L}*|recib\p{L}*|recepcion|envio|receb\p{L}*|erhalt\p{L}*|empfang\p{L}*|zusendung|recev\p{L}*|reception|envoi|ricev\p{L}*|invio)/u;

/**
 * "I accept the rules of the giveaway and ...", "I agree to the data processing",
 * "Acepto las bases ...", "I accept all": an agreement whose object is a thing
 * other than the messages is an agreement to that thing, with the opt-in tied to it.
 */
export function acceptsSomethingElse(residue: string): boolean {
  if (ACCEPT_ALL.test(residue)) return true;
  for (const match of residue.matchAll(ACCEPT_THE)) {
    const object = match[1] ?? "";
    if (!MARKETING.test(object) && !RECEIVING.test(object)) return true;
  }
  return false;
}

/** Abbreviations whose dot does not end a sentence. */
const ABBREVIATIONS =
  /(?<![\p{L}])(e\.g|i\.e|etc|z\.b|u\.a|p\.ej|p\.ex|ecc|vs|approx|incl|ca|nr|tel|max|min|inkl|zzgl|bzw|ggf|usw|evtl|mind|mass)\./gu;

export interface SentenceReading {
  whatsapp: boolean;
  brand: boolean;
  marketing: boolean;
  signal: boolean;
}

export function sentencesOf(folded: string): string[] {
  const parts = folded
    .replace(ABBREVIATIONS, "$1")
    .replace(/[¡¿]/gu, " ")
    .replace(/([.!?…]+)(?=\s|$)/gu, "$1\n")
    .replace(/;|\s-\s|•|\|/gu, "\n")
    .split("\n")
    .map((part) => part.replace(/^[^\p{L}\p{N}]+/u, "").trim())
    .filter((part) => /[\p{L}\p{N}]/u.test(part));
  // "Yes!" on its own opens the sentence that follows it.
  const merged: string[] = [];
  let opener = "";
  for (const part of parts) {
    const bare = part.replace(/[^\p{L}\p{N}' -]+/gu, " ").trim();
    if (AFFIRMATION_ONLY.test(bare)) opener = `${opener}${bare}, `;
    else {
      merged.push(opener + part);
      opener = "";
    }
  }
  if (opener !== "") merged.push(opener.replace(/, $/, ""));
  return merged;
}

export function readSentence(sentence: string): SentenceReading & { residue: string } {
  let residue = sentence.replace(STOP_INSTRUCTION, " ").replace(BENIGN, " ").replace(/\s+/gu, " ").trim();
  const pointer =
    PRIVACY_POLICY.test(residue) &&
    !AGREEMENT_VERB.test(residue) &&
    !WHATSAPP.test(residue) &&
    !residue.includes(BRAND);
  if (pointer) residue = "";
  // A question asks; only a statement the shopper ticks says yes.
  const question = /\?\s*$/u.test(sentence);
  const clauseStarts = [residue, ...residue.split(/[,:(]\s*|\s-\s/u).slice(1)].map((clause) =>
    clause.replace(/^[^\p{L}\p{N}]+/u, ""),
  );
  return {
    residue,
    whatsapp: WHATSAPP.test(residue),
    brand: residue.includes(BRAND),
    marketing: MARKETING.test(residue) || MARKETING_COMPOUNDS.test(residue),
    signal:
      !question &&
      (AFFIRMATION_OPENER.test(residue) ||
        CONSENT_SIGNALS.test(residue) ||
        // German labels end with their verb ("... per WhatsApp erhalten."): read without the marks after it.
        INFINITIVE_LABELS.test(residue.replace(/[^\p{L}\p{N}]+$/u, "")) ||
        clauseStarts.some((clause) => OPENERS.test(clause))),
  };
}
