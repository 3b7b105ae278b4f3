/**
 * A channel named beside WhatsApp that no word list knows: "WhatsApp and
 * Discord", "WhatsApp/Signal", "on Viber or WhatsApp". Whatever is joined to
 * WhatsApp by "and", "or", "/", "&" or a comma and is neither a frequent word,
 * nor the brand, nor marketing, is read as another channel: in doubt, out.
 */

import { KNOWN_WORDS } from "./language";
import { BRAND } from "./lexicon";
import { AFFIRMATION_ONLY, MARKETING, OPENERS } from "./patterns";

/** Words that join two channels, in each language. */
const JOIN_WORDS = "and|or|y|o|e|ou|und|oder|et|ed|oppure|sowie|plus|as well as|but also";
const JOIN = ` ?([,/&+]|(?<= )(?:${JOIN_WORDS})(?= )) ?`;
/** A list goes on after a name: its end, a stop, or another joining word. */
const LIST_GOES_ON = new RegExp(`^(?:$|[.;:!?)]| (?:${JOIN_WORDS}|[/&+])(?: |$))`, "u");

/** Prepositions, articles and possessives that may stand before a channel's name. */
const BEFORE_A_NAME = new Set(
  (
    "on via by per through over in en por pelo pela no na nos nas sur par su sul tramite auf uber im " +
    "the my your our other all any el la los las o a os as le les il lo gli i die das den der dem " +
    "mein meine meinem meinen mi mis mes mon ma meu minha de del des di da do dos das also too"
  ).split(" "),
);

const AFTER_WHATSAPP = new RegExp(
  `(?<![\\p{L}\\p{N}])whats ?app(?: business)?${JOIN}((?:[^ ]+ ?){1,4})`,
  "gu",
);
const BEFORE_WHATSAPP = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:on|via|by|per|through|over|in|en|por|pelo|pela|no|na|sur|par|su|tramite|auf|uber) ((?:[^ ]+ ){0,2}[^ ]+)${JOIN}(?:(?:on|via|by|per|en|por|pelo|no|sur|par|su|auf|uber) )?whats ?app`,
  "gu",
);

const bare = (word: string) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}'+]+$/gu, "");

/** The first word that carries meaning, punctuation stripped. */
function firstNamedWord(words: string): string {
  const list = words
    .split(" ")
    .map(bare)
    .filter((word) => word !== "");
  return list.find((word) => !BEFORE_A_NAME.has(word)) ?? "";
}

/**
 * After a comma, a name is a channel only where a list would have one: at the
 * end, or before "and", "or" or another comma ("WhatsApp, Signal and Telegram"),
 * not where a clause goes on ("WhatsApp, straight from the kitchen").
 */
function endsAListItem(words: string, named: string, sentenceRest: string): boolean {
  const tokens = words.split(" ").filter((token) => token !== "");
  const index = tokens.findIndex((token) => bare(token) === named);
  if (/[.;:!?),]$/u.test(tokens[index] ?? "")) return true;
  const after = `${tokens.slice(index + 1).join(" ")} ${sentenceRest}`.trim();
  return LIST_GOES_ON.test(after === "" ? "" : ` ${after}`);
}

/** Words after a comma that describe what comes on WhatsApp ("WhatsApp, including offers"), not another channel. */
const DESCRIBING = new Set(
  (
    "including incluindo incluyendo inclusive einschliesslich inklusive darunter dont notamment tra cui " +
    "such like with con com mit avec for para pour fur incl"
  ).split(" "),
);

/**
 * An infinitive of Spanish, Portuguese, French or Italian ("y enterarme de", "e scoprire"):
 * a second thing the shopper does, not a channel. Channels whose names end alike
 * (Messenger, Viber, Twitter) are in the word lists.
 */
const INFINITIVE = /^\p{L}{2,}(?:ar|er|ir|re)(?:me|se|te|nos|lo|la|le|mi|ti|ci)?$/u;

function isAnotherChannel(word: string, rest: string): boolean {
  return !(
    word === "" ||
    AFFIRMATION_ONLY.test(word) ||
    INFINITIVE.test(word) ||
    OPENERS.test(rest.replace(/^[^\p{L}\p{N}]+/u, "")) ||
    DESCRIBING.has(word) ||
    word === BRAND ||
    word.startsWith("whatsapp") ||
    KNOWN_WORDS.has(word) ||
    MARKETING.test(word) ||
    /^\p{N}/u.test(word)
  );
}

export function namesChannelBesideWhatsApp(sentence: string): boolean {
  for (const match of sentence.matchAll(AFTER_WHATSAPP)) {
    const words = match[2] ?? "";
    const named = firstNamedWord(words);
    if (!isAnotherChannel(named, words)) continue;
    const rest = sentence.slice((match.index ?? 0) + match[0].length);
    if (match[1] !== "," || endsAListItem(words, named, rest)) return true;
  }
  for (const match of sentence.matchAll(BEFORE_WHATSAPP)) {
    const words = match[1] ?? "";
    if (isAnotherChannel(firstNamedWord(words), words)) return true;
  }
  return false;
}
