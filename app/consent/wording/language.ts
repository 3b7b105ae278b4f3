/**
 * Which language a wording is in, and whether it is one the judge reads:
 * counted from frequent words, refusing scripts, mixes and sparse texts
 * that no reviewer would read as one of the six.
 */

import { FOREIGN_STOPWORDS } from "./foreign";
import { BRAND } from "./lexicon";
import { CONSENT_LANGUAGES, type ConsentLanguage, LEXICON } from "./patterns";

const SUPPORTED_STOPWORDS = CONSENT_LANGUAGES.map(
  (language) => [language, new Set(LEXICON[language].stopwords)] as const,
);
export const KNOWN_WORDS = new Set([...SUPPORTED_STOPWORDS.flatMap(([, set]) => [...set]), "whatsapp"]);
/** Other languages' frequent words, less any that one of ours shares ("per", "de"): those prove nothing. */
const FOREIGN = Object.values(FOREIGN_STOPWORDS).map(
  (list) => new Set(list.filter((word) => !KNOWN_WORDS.has(word))),
);

/** True when a word is frequent in a language the judge does not read ("ikke", "niet"). */
export function hasForeignWords(words: readonly string[]): boolean {
  return FOREIGN.some((set) => words.some((word) => set.has(word)));
}

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
export function mixesLanguages(statement: string): boolean {
  const tokens = statement.split(/[^\p{L}\p{N}']+/u);
  const hits = DISTINCT_STOPWORDS.map(([, words]) => tokens.filter((t) => words.has(t)).length)
    .filter((count) => count > 0)
    .sort((a, b) => b - a);
  return hits.length >= 2 && (hits[1] ?? 0) >= 2;
}

export function languageOf(
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
