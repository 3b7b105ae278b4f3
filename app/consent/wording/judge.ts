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
import { de } from "./de";
import { en } from "./en";
import { es } from "./es";
import { FOREIGN_STOPWORDS } from "./foreign";
import { fr } from "./fr";
import { it } from "./it";
import { BRAND, type WordingLexicon } from "./lexicon";
import { pt } from "./pt";

export const CONSENT_LANGUAGES = ["en", "es", "pt", "de", "fr", "it"] as const;
export type ConsentLanguage = (typeof CONSENT_LANGUAGES)[number];

const LEXICON: Readonly<Record<ConsentLanguage, WordingLexicon>> = { en, es, pt, de, fr, it };

/** A label longer than this is a notice, not a checkbox label. */
export const MAX_LABEL_CHARACTERS = 450;
const MAX_LABEL_WORDS = 80;

const LEFT = "(?<![\\p{L}\\p{N}])";
const RIGHT = "(?![\\p{L}\\p{N}])";

/** One alternation of whole-word entries ("n'" and "d'" may run into the next word). */
function words(entries: readonly string[], flags = "u"): RegExp {
  const body = entries.map((entry) => `(?:${entry})${/['-]$/.test(entry) ? "" : RIGHT}`).join("|");
  return new RegExp(`${LEFT}(?:${body})`, flags);
}

function all(pick: (lexicon: WordingLexicon) => readonly string[]): readonly string[] {
  return CONSENT_LANGUAGES.flatMap((language) => pick(LEXICON[language]));
}

const MARKETING = words(all((l) => l.marketing));
const MARKETING_COMPOUNDS = words(all((l) => l.marketingCompounds));
const ALL_MARKETING_COMPOUNDS = words(
  all((l) => l.marketingCompounds),
  "gu",
);
const TRANSACTIONAL = words(all((l) => l.transactional));
const HELP_OR_SHARE = words(all((l) => l.helpOrShare));
const OTHER_SENDERS = words(all((l) => l.otherSenders));
const IMPLIED = words(all((l) => l.implied));
const OPT_OUT_DESIGN = words(all((l) => l.optOutDesign));
const REFUSALS = words(all((l) => l.refusals));
const BUNDLING = words(all((l) => l.bundling));
const SMS = words(all((l) => l.sms));
const EMAIL = words(all((l) => l.email));
/** Messaging apps and networks are named alike in every language. */
const OTHER_APPS = [
  "telegram",
  "threema",
  "(?:on|via|by|per|or|and|oder|und|ou|o|y|e|et|por|par|su|tramite|uber|auf|en|no|pelo) signal",
  "line app",
  "snapchat",
  "tiktok",
  "skype",
  "kakao ?talk",
];
const OTHER_CHANNELS = words([...all((l) => l.otherChannels), ...OTHER_APPS]);
const HOW_TO_STOP = words(all((l) => l.howToStop));
const CONSENT_SIGNALS = words(all((l) => l.consentSignals));
const BENIGN = words(
  all((l) => l.benign),
  "gu",
);
const INFINITIVE_LABELS = new RegExp(all((l) => l.infinitiveLabels).join("|"), "u");
/**
 * "Reply STOP ...", "Antworte STOP zum Abmelden", "Responde STOP para no recibir más":
 * the instruction and the few words after it, up to the end of the clause.
 */
const STOP_INSTRUCTION = new RegExp(
  `${LEFT}(?:(?:to|para|pour|per|um|zum) [^ .;!?,]+(?: [^ .;!?,]+){0,2},? (?:(?:e|es|ist|c'est) )?(?:so |just |simply |simplemente |basta |il suffit de |einfach )?)?(?:reply(?:ing)?|text(?:ing)?|send(?:ing)?|respond(?:ing)?|responde|responda|respondiendo|responder|respondendo|envia|envie|enviando|escribe|escriba|digite|mande|antworte|antworten|antwortest|sende|senden|schreib|schreibe|schicke|schicken|repondez|reponds|repondant|envoyez|envoie|envoyant|rispondi|risponda|rispondendo|invia|inviando|scrivi)(?: (?:with|con|com|mit|par|avec|einfach|simplemente|apenas|the word|la palabra|a palavra|le mot|la parola|das wort|sie|uns))* "?(?:stop|stopp|baja|sair|parar|cancelar|annulla|arret|end|fin)"?(?: [^ .;!?,]+){0,6}|${LEFT}(?:abmelden|abmeldung|austragen|unsubscribe|opt[- ]?out|baja|desinscription|desabonnement|disiscrizione|descadastro|cancelamento|cancelacion)\\s*(?::|mit|with|con|com|par|avec)\\s*(?:(?:einfach|just|simply|simplemente|basta|juste) )?"?(?:stop|stopp)"?(?: [^ .;!?,]+){0,3}|${LEFT}(?:(?:einfach|just) )?(?:mit )?"?stopp?"? (?:antworten|senden|schicken|schreiben|zurucksenden)`,
  "gu",
);
/** A pointer to the privacy policy (no agreement to it) is harmless on its own line. */
const PRIVACY_POLICY =
  /(?:privacy (?:policy|notice)|politica de privacidad|aviso de privacidad|politica de privacidade|datenschutz\p{L}*|politique de confidentialite|informativa(?: sulla privacy)?|privacy)/u;
const AGREEMENT_VERB =
  /(?<![\p{L}])(?:agree|accept|consent|acknowledge|read|understood|acept|acepto|aceptas|he leido|consiento|aceit|concord|li |lido|declaro|akzeptier|gelesen|einverstanden|stimm|bestatig|accepte|j'ai lu|lu et|reconnais|accett|letto|acconsent|dichiaro)/u;
const OPENERS = new RegExp(
  `^(?:(?:${[...all((l) => l.affirmations), "please", "por favor", "bitte", "s'il vous plait", "per favore", "por favor,"].join("|")})${RIGHT}[ ,!:.-]*)*(?:${all((l) => l.imperatives).join("|")})${RIGHT}`,
  "u",
);
const AFFIRMATION_ONLY = new RegExp(
  `^(?:${[...all((l) => l.affirmations), "please", "por favor", "bitte"].join("|")})(?:[ ,!.:-]+(?:${all((l) => l.affirmations).join("|")}))*$`,
  "u",
);
const AFFIRMATION_OPENER = new RegExp(`^(?:${all((l) => l.affirmations).join("|")})(?:[,!:.-]|$)`, "u");
const WHATSAPP = new RegExp(`${LEFT}whats ?app`, "u");

/** Negations, less the words that mean something else in the text's language. */
const NOT_NEGATION_IN: Partial<Record<ConsentLanguage, readonly string[]>> = { pt: ["no"], it: ["ne"] };
const NEGATIONS: Record<ConsentLanguage, RegExp> = Object.fromEntries(
  CONSENT_LANGUAGES.map((language) => {
    const skip = new Set(NOT_NEGATION_IN[language] ?? []);
    return [language, words([...all((l) => l.negations).filter((w) => !skip.has(w)), "\\p{L}+n't"])];
  }),
) as Record<ConsentLanguage, RegExp>;

const SUPPORTED_STOPWORDS = CONSENT_LANGUAGES.map(
  (language) => [language, new Set(LEXICON[language].stopwords)] as const,
);
const KNOWN_WORDS = new Set([...SUPPORTED_STOPWORDS.flatMap(([, set]) => [...set]), "whatsapp"]);
/** Other languages' frequent words, less any that one of ours shares ("per", "de"): those prove nothing. */
const FOREIGN = Object.values(FOREIGN_STOPWORDS).map(
  (list) => new Set(list.filter((word) => !KNOWN_WORDS.has(word))),
);

/** Frequent words that only Spanish (not Portuguese) uses, and the other way round. */
const ONLY_SPANISH = new Set([
  "recibir",
  "acepto",
  "quiero",
  "deseo",
  "mensajes",
  "cualquier",
  "puedes",
  "usted",
  "nuestras",
  "nuestros",
  "tus",
  "novedades",
  "enviame",
  "los",
  "las",
  "cuando",
  "puede",
  "y",
]);
const ONLY_PORTUGUESE = new Set([
  "receber",
  "aceito",
  "quero",
  "desejo",
  "mensagens",
  "qualquer",
  "voce",
  "seus",
  "suas",
  "pelo",
  "pela",
  "novidades",
  "nao",
  "sim",
  "dos",
  "com",
  "quando",
  "pode",
]);

/** Words every one of our languages borrows: they tell no language apart. */
const INTERNATIONAL_WORDS = new Set([
  "via",
  "per",
  "ok",
  "online",
  "app",
  "shop",
  "store",
  "team",
  "club",
  "vip",
  "top",
  "best",
  "sms",
  "email",
  "newsletter",
  "marketing",
]);

/** Each language's frequent words that no other supported language lists. */
const DISTINCT_STOPWORDS = SUPPORTED_STOPWORDS.map(
  ([language, words]) =>
    [
      language,
      new Set(
        [...words].filter(
          (word) =>
            word.length > 2 &&
            !INTERNATIONAL_WORDS.has(word) &&
            SUPPORTED_STOPWORDS.every(([other, set]) => other === language || !set.has(word)),
        ),
      ),
    ] as const,
);

/** One statement written in two languages at once ("Yes, quiero recibir offers..."): no reviewer reads it as either. */
function mixesLanguages(statement: string): boolean {
  const tokens = statement.split(/[^\p{L}\p{N}']+/u);
  const hits = DISTINCT_STOPWORDS.map(([, words]) => tokens.filter((t) => words.has(t)).length)
    .filter((count) => count > 0)
    .sort((a, b) => b - a);
  return hits.length >= 2 && (hits[1] ?? 0) >= 2;
}

/** Words that may follow a brand's name without making it part of another name. */
const AFTER_A_NAME = new Set([
  "s",
  "team",
  "store",
  "shop",
  "tienda",
  "loja",
  "laden",
  "boutique",
  "negozio",
  "club",
  "community",
  "family",
]);

/**
 * A one-word brand followed by a word that is neither frequent, nor
 * marketing, nor WhatsApp reads as part of another name ("Bossa" in
 * "bossa nova"): in doubt, that is not the brand being named.
 */
function unmarkBrandInsideLongerNames(line: string): string {
  return line.replace(new RegExp(`${BRAND} ([\\p{L}][\\p{L}\\p{N}]*)`, "gu"), (whole, next: string) =>
    KNOWN_WORDS.has(next) || AFTER_A_NAME.has(next) || MARKETING.test(next) || next.startsWith("whatsapp")
      ? whole
      : `namelike ${next}`,
  );
}

/**
 * "I accept the rules of the giveaway and ...", "Acepto las bases ...": an
 * agreement whose object is a thing other than the messages is an agreement
 * to that thing, with the opt-in tied to it.
 */
function acceptsSomethingElse(residue: string): boolean {
  const pattern =
    /(?<![\p{L}])(?:i accept|accept|acepto|aceito|akzeptiere|j'accepte|accetto) (?:the|las|los|la|el|o|a|os|as|le|les|il|lo|gli|die|das|den) ((?:[^ ]+ ?){1,3})/gu;
  for (const match of residue.matchAll(pattern)) if (!MARKETING.test(match[1] ?? "")) return true;
  return false;
}

/** Abbreviations whose dot does not end a sentence. */
const ABBREVIATIONS = /(?<![\p{L}])(e\.g|i\.e|etc|z\.b|u\.a|p\.ej|p\.ex|ecc|vs|approx|incl|ca|nr|tel)\./gu;

export interface SentenceReading {
  text: string;
  whatsapp: boolean;
  brand: boolean;
  marketing: boolean;
  signal: boolean;
}

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
  /** The sentence (folded) that carries the agreement, when one does. */
  consentStatement: string | null;
}

function sentencesOf(folded: string): string[] {
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

function languageOf(
  tokens: readonly string[],
  letters: string,
): { language: ConsentLanguage | null; unsupported: boolean } {
  const nonLatin = (letters.match(/[^\p{Script=Latin}]/gu) ?? []).length;
  if (letters.length > 0 && nonLatin / letters.length > 0.2) return { language: null, unsupported: true };
  let language: ConsentLanguage | null = null;
  let best = 0;
  for (const [candidate, stopwords] of SUPPORTED_STOPWORDS) {
    const hits = tokens.filter((token) => stopwords.has(token)).length;
    if (hits > best) {
      best = hits;
      language = candidate;
    }
  }
  const foreign = Math.max(0, ...FOREIGN.map((set) => tokens.filter((token) => set.has(token)).length));
  const content = tokens.filter(
    (token) => token !== BRAND && token !== "whatsapp" && !/^\p{N}+$/u.test(token),
  );
  // Spanish and Portuguese words in one wording: Galician, or a mix no platform reviewer reads as either.
  const iberianMix = tokens.some((t) => ONLY_SPANISH.has(t)) && tokens.some((t) => ONLY_PORTUGUESE.has(t));
  // A wording in a supported language is full of its frequent words; one that has almost none is not in it.
  const sparse = content.length >= 4 && best / content.length < 0.2;
  const unsupported =
    iberianMix ||
    sparse ||
    foreign >= 2 ||
    (foreign >= 1 && foreign >= best) ||
    (best === 0 && content.length >= 3);
  return { language, unsupported };
}

/** Words that may follow "from" without naming a sender: "from us", "from now on", "from 9 to 5". */
const NOT_A_SENDER = new Set([
  "us",
  "our",
  "now",
  "today",
  "time",
  "day",
  "week",
  "month",
  "here",
  "then",
  "there",
  "you",
  "me",
  "home",
]);
const ARTICLES = new Set([
  "the",
  "a",
  "an",
  "el",
  "la",
  "los",
  "las",
  "le",
  "les",
  "il",
  "lo",
  "o",
  "os",
  "as",
]);

/**
 * A second sender beside the brand, told apart without relying on capitals
 * (an all-caps or all-lowercase wording must be judged alike): "Acme Coffee
 * and Beta Tea", "... from Beta Tea". A word after "and" that is neither a
 * frequent word nor the start of a marketing phrase names someone else.
 */
function namesAnotherSender(sentence: string): boolean {
  for (const match of sentence.matchAll(
    new RegExp(`${BRAND} (?:and|&|y|e|und|et|x|with|con|com|mit|avec|plus|\\+) ((?:[^ ]+ ?){1,3})`, "gu"),
  )) {
    const next = match[1] ?? "";
    // "... et de Galeries Sorel": past the little words, the first word that carries meaning.
    const first = next.split(" ").find((word) => !KNOWN_WORDS.has(word) || word === "whatsapp") ?? "";
    if (
      first === "" ||
      first === BRAND ||
      first === "whatsapp" ||
      /^\p{N}/u.test(first) ||
      MARKETING.test(next)
    )
      continue;
    return true;
  }
  for (const match of sentence.matchAll(
    /(?<![\p{L}])(?:from|de parte de|da parte de|de la part de|da parte di) ((?:[^ ]+ ?){1,2})/gu,
  )) {
    const words = (match[1] ?? "").trim().split(" ");
    const first = ARTICLES.has(words[0] ?? "") ? (words[1] ?? "") : (words[0] ?? "");
    if (first === BRAND || first === "" || NOT_A_SENDER.has(first) || /^\p{N}/u.test(first)) continue;
    return true;
  }
  return false;
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
    text: sentence,
    residue,
    whatsapp: WHATSAPP.test(residue),
    brand: residue.includes(BRAND),
    marketing: MARKETING.test(residue) || MARKETING_COMPOUNDS.test(residue),
    signal:
      !question &&
      (AFFIRMATION_OPENER.test(residue) ||
        CONSENT_SIGNALS.test(residue) ||
        INFINITIVE_LABELS.test(residue.replace(/[^\p{L}\p{N}]+$/u, "")) ||
        clauseStarts.some((clause) => OPENERS.test(clause))),
  };
}

export function judgeWording(
  visible: string,
  brand: string,
  fold: (text: string) => string,
  markup: { preTicked?: boolean } = {},
): WordingVerdict {
  const foldedBrand = fold(brand);
  const singleWordBrand = brandCore(foldedBrand).length === 1;
  const plainTokens = fold(visible).split(/[^\p{L}\p{N}]+/u);
  const germanText = languageOf(plainTokens, "").language === "de";
  const lines = visible.split("\n").map((line) => {
    const folded = fold(line);
    let out = "";
    let last = 0;
    for (const [start, end] of findBrand(folded, foldedBrand)) {
      out += `${folded.slice(last, start)} ${BRAND} `;
      last = end;
    }
    const marked = (out + folded.slice(last)).replace(/ +/g, " ").trim();
    // German puts the verb after the name ("von Bergwerk informiert werden"): the check would misfire.
    return singleWordBrand && !germanText ? unmarkBrandInsideLongerNames(marked) : marked;
  });
  const folded = lines.join("\n");
  const tokens = folded.split(/[^\p{L}\p{N}]+/u).filter((token) => token !== "");
  // Measured on the folded text: upper and lower case must never change a verdict ("ß" is "SS" in capitals).
  const letters = folded.replace(/[^\p{L}]/gu, "");
  const { language, unsupported } = languageOf(tokens, letters);
  const sentences = sentencesOf(folded).map(readSentence);
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
  const mixed = otherChannels.length > 0 || OTHER_CHANNELS.test(residue);
  const negated =
    NEGATIONS[language ?? "en"].test(residue) || REFUSALS.test(residue) || OPT_OUT_DESIGN.test(residue);
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
    add(bundled || acceptsSomethingElse(residue), "TEXT_BUNDLED");
    add(IMPLIED.test(residue) || markup.preTicked === true, "TEXT_IMPLIED_CONSENT");
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
    consentStatement: statements[0]?.text ?? null,
  };
}
