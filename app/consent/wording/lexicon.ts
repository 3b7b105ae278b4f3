/**
 * The shape of one language's word lists for the wording judge.
 *
 * Every entry is a regular-expression source matched against *folded* text
 * (lowercase, accents stripped, apostrophes as `'`, dashes as `-`, see
 * foldForMatching) in which every mention of the brand has been replaced by
 * the word `BRAND` below. The judge wraps each entry in whole-word
 * boundaries. `W` continues a word (plural endings, German compounds).
 */

/** Stands for the brand in folded text (a word no language has). */
export const BRAND = "qqbrandqq";

/**
 * Not right after "can" or "may" in any language: "you can cancel" says how to
 * stop, "cancel my offers" asks to stop.
 */
export const NOT_AFTER_CAN =
  "(?<!(?:can|may|puedes|puede|podras|podra|puedo|podes|pode|podera|posso|kannst|kann|konnen|konnen sie|jederzeit|pouvez|pourrez|peux|pourras|peut|pourra|puoi|potrai|puo|potete|possono|potra) )";

/** Rest of a word. */
export const W = "\\p{L}*";

/** Up to `n` words in between. */
export const GAP = (n: number) => `(?:[^ .;!?]+ ){0,${n}}`;

/** Up to `n` words in between, none of them WhatsApp (a club or newsletter named after WhatsApp is the WhatsApp list). */
export const GAP_WITHOUT_WHATSAPP = (n: number) => `(?:(?!whats ?app)[^ .;!?]+ ){0,${n}}`;

/** Not followed by WhatsApp, right after or one word on ("newsletter on WhatsApp", "newsletter WhatsApp"). */
export const NOT_ON_WHATSAPP = "(?! (?:[^ .;!?]+ )?whats ?app)";

/**
 * A newsletter joined to the WhatsApp opt-in ("WhatsApp offers and our
 * newsletter", "the newsletter and WhatsApp offers"): a newsletter not
 * named as WhatsApp's is an email one, so the box covers two channels.
 */
export const NEWSLETTER_BESIDE = (conjunctions: string, newsletter: string) => [
  `(?:${conjunctions}) ${GAP_WITHOUT_WHATSAPP(3)}(?:${newsletter})${NOT_ON_WHATSAPP}`,
  `(?<!whats ?app[- ])(?:${newsletter}) (?:${conjunctions})(?= )`,
];

export interface WordingLexicon {
  /** Frequent short words: only used to tell the language. */
  stopwords: readonly string[];
  /** "Yes" words that may open the statement. */
  affirmations: readonly string[];
  /** Verbs that open an imperative statement ("Get ...", "Join ..."). */
  imperatives: readonly string[];
  /** The shopper's own agreement anywhere in a sentence ("I agree", "send me", "tick this box to"). */
  consentSignals: readonly string[];
  /**
   * A checkbox label written as an infinitive ("Recibir ofertas...", "Angebote ... erhalten"),
   * matched against the whole sentence: ticking it says yes to what it names.
   */
  infinitiveLabels: readonly string[];
  /** The messages are marketing: offers, news, new products... */
  marketing: readonly string[];
  /** Marketing phrases that contain a service word ("free shipping"): read before the service words. */
  marketingCompounds: readonly string[];
  /** The messages are about orders, delivery, tracking, receipts, returns, accounts or support. */
  transactional: readonly string[];
  /** WhatsApp as a way to ask for help, to order or to share ("Chat with us", "Share with friends"). */
  helpOrShare: readonly string[];
  /** A sender other than the brand: partners, third parties, other brands. */
  otherSenders: readonly string[];
  /** Words after which a name is the sender ("from", "de", "von"...). */
  senderPrepositions: readonly string[];
  /** Consent taken from a purchase, an account, continuing, silence or a pre-ticked box. */
  implied: readonly string[];
  /** Designs where the shopper must act to say no: untick, unless, if you do not want. */
  optOutDesign: readonly string[];
  /** Asking to stop or refusing, in words other than a plain negation. */
  refusals: readonly string[];
  /** Words that negate. */
  negations: readonly string[];
  /** Consent tied to accepting terms, conditions or a privacy notice. */
  bundling: readonly string[];
  /** SMS, texts. */
  sms: readonly string[];
  /** Email. */
  email: readonly string[];
  /** Other channels: calls, post, push, other messengers. */
  otherChannels: readonly string[];
  /**
   * Lines that are harmless in an opt-in and are read before anything else:
   * how to stop, message rates and frequency, "consent is not a condition of
   * purchase", a pointer to the privacy policy, "no spam", "don't miss".
   * They are taken out so that their "not", "stop" or "unsubscribe" is not
   * read as a refusal.
   */
  benign: readonly string[];
  /** How to stop (for the advice only). */
  howToStop: readonly string[];
}
