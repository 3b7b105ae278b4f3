/**
 * The wording judge's patterns, compiled once from every language's word
 * lists (./lexicon and ./en, ./es ...): each matches folded text in any of
 * the six languages, since a wording may borrow words from another.
 */

import { de } from "./de";
import { en } from "./en";
import { es } from "./es";
import { fr } from "./fr";
import { it } from "./it";
import type { WordingLexicon } from "./lexicon";
import { pt } from "./pt";

export const CONSENT_LANGUAGES = ["en", "es", "pt", "de", "fr", "it"] as const;
export type ConsentLanguage = (typeof CONSENT_LANGUAGES)[number];

export const LEXICON: Readonly<Record<ConsentLanguage, WordingLexicon>> = { en, es, pt, de, fr, it };

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

export const MARKETING = words(all((l) => l.marketing));
export const MARKETING_COMPOUNDS = words(all((l) => l.marketingCompounds));
export const ALL_MARKETING_COMPOUNDS = words(
  all((l) => l.marketingCompounds),
  "gu",
);
export const TRANSACTIONAL = words(all((l) => l.transactional));
export const HELP_OR_SHARE = words(all((l) => l.helpOrShare));
export const OTHER_SENDERS = words(all((l) => l.otherSenders));
export const IMPLIED = words(all((l) => l.implied));
export const OPT_OUT_DESIGN = words(all((l) => l.optOutDesign));
export const REFUSALS = words(all((l) => l.refusals));
export const BUNDLING = words(all((l) => l.bundling));
export const SMS = words(all((l) => l.sms));
export const EMAIL = words(all((l) => l.email));
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
export const OTHER_CHANNELS = words([...all((l) => l.otherChannels), ...OTHER_APPS]);
export const HOW_TO_STOP = words(all((l) => l.howToStop));
export const CONSENT_SIGNALS = words(all((l) => l.consentSignals));
export const BENIGN = words(
  all((l) => l.benign),
  "gu",
);
export const INFINITIVE_LABELS = new RegExp(all((l) => l.infinitiveLabels).join("|"), "u");
/**
 * "Reply STOP ...", "Antworte STOP zum Abmelden", "Responde STOP para no recibir más":
 * the instruction and the few words after it, up to the end of the clause.
 */
export const STOP_INSTRUCTION = new RegExp(
  `${LEFT}(?:(?:to|para|pour|per|um|zum) [^ .;!?,]+(?: [^ .;!?,]+){0,2},? (?:(?:e|es|ist|c'est) )?(?:so |just |simply |simplemente |basta |il suffit de |einfach )?)?(?:reply(?:ing)?|text(?:ing)?|send(?:ing)?|respond(?:ing)?|responde|responda|respondiendo|responder|respondendo|envia|envie|enviando|escribe|escriba|digite|mande|antworte|antworten|antwortest|sende|senden|schreib|schreibe|schicke|schicken|repondez|reponds|repondant|envoyez|envoie|envoyant|rispondi|risponda|rispondendo|invia|inviando|scrivi)(?: (?:with|con|com|mit|par|avec|einfach|simplemente|apenas|the word|la palabra|a palavra|le mot|la parola|das wort|sie|uns))* "?(?:stop|stopp|baja|sair|parar|cancelar|annulla|arret|end|fin)"?(?: [^ .;!?,]+){0,6}|${LEFT}(?:abmelden|abmeldung|austragen|unsubscribe|opt[- ]?out|baja|desinscription|desabonnement|disiscrizione|descadastro|cancelamento|cancelacion)\\s*(?::|mit|with|con|com|par|avec)\\s*(?:(?:einfach|just|simply|simplemente|basta|juste) )?"?(?:stop|stopp)"?(?: [^ .;!?,]+){0,3}|${LEFT}(?:(?:einfach|just) )?(?:mit )?"?stopp?"? (?:antworten|senden|schicken|schreiben|zurucksenden)`,
  "gu",
);
/** A pointer to the privacy policy (no agreement to it) is harmless on its own line. */
export const PRIVACY_POLICY =
  /(?:privacy (?:policy|notice)|politica de privacidad|aviso de privacidad|politica de privacidade|datenschutz\p{L}*|politique de confidentialite|informativa(?: sulla privacy)?|privacy)/u;
export const AGREEMENT_VERB =
  /(?<![\p{L}])(?:agree|accept|consent|acknowledge|read|understood|acept|acepto|aceptas|he leido|consiento|aceit|concord|li |lido|declaro|akzeptier|gelesen|einverstanden|stimm|bestatig|accepte|j'ai lu|lu et|reconnais|accett|letto|acconsent|dichiaro)/u;
export const OPENERS = new RegExp(
  `^(?:(?:${[...all((l) => l.affirmations), "please", "por favor", "bitte", "s'il vous plait", "per favore", "por favor,"].join("|")})${RIGHT}[ ,!:.-]*)*(?:${all((l) => l.imperatives).join("|")})${RIGHT}`,
  "u",
);
export const AFFIRMATION_ONLY = new RegExp(
  `^(?:${[...all((l) => l.affirmations), "please", "por favor", "bitte"].join("|")})(?:[ ,!.:-]+(?:${all((l) => l.affirmations).join("|")}))*$`,
  "u",
);
export const AFFIRMATION_OPENER = new RegExp(
  `^(?:${all((l) => l.affirmations).join("|")})(?:[,!:.-]|$)`,
  "u",
);
export const WHATSAPP = new RegExp(`${LEFT}whats ?app`, "u");

/** Negations, less the words that mean something else in the text's language. */
const NOT_NEGATION_IN: Partial<Record<ConsentLanguage, readonly string[]>> = { pt: ["no"], it: ["ne"] };
export const NEGATIONS: Record<ConsentLanguage, RegExp> = Object.fromEntries(
  CONSENT_LANGUAGES.map((language) => {
    const skip = new Set(NOT_NEGATION_IN[language] ?? []);
    return [language, words([...all((l) => l.negations).filter((w) => !skip.has(w)), "\\p{L}+n't"])];
  }),
) as Record<ConsentLanguage, RegExp>;
