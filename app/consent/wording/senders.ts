/**
 * Names beside the brand: a one-word brand inside a longer name is not the
 * brand, and a second name after "and" or "from" is another sender.
 */

import { KNOWN_WORDS } from "./language";
import { BRAND } from "./lexicon";
import { MARKETING } from "./patterns";

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
  // "... da Loja Aurora através do WhatsApp": the channel's preposition comes next, not more of the name.
  "atraves",
  "over",
  "via",
  "through",
  "pelo",
  "uber",
]);

/**
 * German puts the verb after the sender ("von Bergwerk informiert werden"):
 * these verb forms after a brand end the name rather than continue it.
 */
const GERMAN_VERB_AFTER_A_NAME =
  /^(?:informier|benachrichtig|kontaktier|angeschrieben|anschreib|zugeschickt|zugesandt|zusend|zuschick|geschickt|gesendet|sendet|schickt|erfahr|erhalt|bekomm|empfang|nutz|verzicht|abmeld|abzumeld|abbestell)(?:e|en|t|et|st|te|ten)?$/u;

/** The brand and the word after it. Global patterns here serve only replace and matchAll, which never keep a position between calls. */
// "Acme-Beta" is one longer name too: a hyphen joins it as a space would.
const BRAND_THEN_WORD = new RegExp(`${BRAND} -?([\\p{L}][\\p{L}\\p{N}]*)`, "gu");

/**
 * A one-word brand followed by a word that is neither frequent, nor
 * marketing, nor WhatsApp reads as part of another name ("Bossa" in
 * "bossa nova"): in doubt, that is not the brand being named.
 */
export function unmarkBrandInsideLongerNames(line: string): string {
  return line.replace(BRAND_THEN_WORD, (whole, next: string) =>
    continuesTheName(next) ? `namelike ${next}` : whole,
  );
}

/** "From" in each language, right before the brand: the place a sender's whole name is written. */
const FROM_BRAND_THEN_WORD = new RegExp(
  `(?<![\\p{L}])(?:from|von|vom|de|del|da|do|di|dal|du|d') ?${BRAND} ([\\p{L}][\\p{L}\\p{N}]*)`,
  "gu",
);

/**
 * A brand of several words, written as a sender ("offers from Acme Coffee
 * Roasters") and followed by a word that is neither frequent, nor a store
 * word, nor marketing, nor WhatsApp, nor a German verb: the sender named is a
 * longer name that starts with the brand's, so in doubt it is not the brand.
 * Only after "from": elsewhere a many-word brand is often followed by its
 * verb ("Belle Rive m'envoie"), which is not a longer name.
 */
export function unmarkSenderWithLongerName(line: string): string {
  return line.replace(FROM_BRAND_THEN_WORD, (whole, next: string) =>
    continuesTheName(next) ? whole.replace(BRAND, "namelike") : whole,
  );
}

/** A word after the brand that reads as more of a name rather than what follows one. */
function continuesTheName(next: string): boolean {
  return !(
    KNOWN_WORDS.has(next) ||
    AFTER_A_NAME.has(next) ||
    MARKETING.test(next) ||
    next.startsWith("whatsapp") ||
    GERMAN_VERB_AFTER_A_NAME.test(next)
  );
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

/** The brand, a joining word ("and", "y", "und", "+") and the three words after it. */
const BRAND_AND_NEXT = new RegExp(
  `${BRAND} ?(?:(?:and|&|y|e|und|et|x|with|con|com|mit|avec|plus|or|o|ou|oder|od|oppure)(?= )|[+/]) ?((?:[^ ]+ ?){1,3})`,
  "gu",
);
/**
 * "Acme Coffee and Acme Coffee Roasters": the brand again, then a word that
 * is neither frequent, nor a store word, nor marketing, nor WhatsApp, names a
 * company whose name starts with the brand's. In doubt, another sender.
 */
function brandStartsLongerName(afterJoin: string): boolean {
  const words = afterJoin.trim().split(" ");
  const next = words[words.indexOf(BRAND) + 1];
  if (next === undefined || next === "") return false;
  return !(
    KNOWN_WORDS.has(next) ||
    AFTER_A_NAME.has(next) ||
    MARKETING.test(next) ||
    next.startsWith("whatsapp")
  );
}

/** "From" in each language and the two words after it. */
const FROM_NEXT =
  /(?<![\p{L}])(?:from|de parte de|da parte de|de la part de|da parte di|(?:sent|delivered|powered|operated|run|managed|provided) by|via|tramite) (?=((?:[^ ]+ ?){1,2}))/gu;

/**
 * A second sender beside the brand, told apart without relying on capitals
 * (an all-caps or all-lowercase wording must be judged alike): "Acme Coffee
 * and Beta Tea", "... from Beta Tea". A word after "and" that is neither a
 * frequent word nor the start of a marketing phrase names someone else.
 */
export function namesAnotherSender(sentence: string): boolean {
  for (const match of sentence.matchAll(BRAND_AND_NEXT)) {
    const next = match[1] ?? "";
    // "... et de Galeries Sorel": past the little words, the first word that carries meaning.
    const first = next.split(" ").find((word) => !KNOWN_WORDS.has(word) || word === "whatsapp") ?? "";
    if (first === BRAND && brandStartsLongerName(next)) return true;
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
  for (const match of sentence.matchAll(FROM_NEXT)) {
    const words = (match[1] ?? "").trim().split(" ");
    const first = ARTICLES.has(words[0] ?? "") ? (words[1] ?? "") : (words[0] ?? "");
    if (
      first === BRAND ||
      first === "" ||
      first.startsWith("whatsapp") ||
      NOT_A_SENDER.has(first) ||
      /^\p{N}/u.test(first)
    )
      continue;
    return true;
  }
  return false;
}
