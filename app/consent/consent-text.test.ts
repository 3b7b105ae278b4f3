import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyzeConsentText,
  type ConsentLanguage,
  foldForMatching,
  guessLanguage,
  mentionsBrand,
  mentionsWhatsApp,
  normalizeConsentText,
  type TextAnalysis,
  type TextFindingCode,
  textSha256,
} from "./consent-text";

const BRAND = "Acme Coffee";

const codesOf = (a: TextAnalysis, severity: "ok" | "warning" | "error") =>
  a.findings
    .filter((f) => f.severity === severity)
    .map((f) => f.code)
    .sort();

/** Independent, simpler fold used by the properties: accents, case and whitespace removed. */
const looseFold = (s: string) =>
  s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/gu, "");

// ---------------------------------------------------------------------------
// Realistic texts

interface GoodCase {
  lang: ConsentLanguage;
  text: string;
  brand?: string;
}

const GOOD: GoodCase[] = [
  {
    lang: "en",
    text: "Yes, I want to receive offers, news and product launches from Acme Coffee on WhatsApp. Consent is not a condition of purchase. Reply STOP to unsubscribe at any time.",
  },
  {
    lang: "en",
    brand: "Café Olé",
    text: "Send me exclusive deals and new arrivals from Cafe Ole via WhatsApp. Message frequency varies. You can opt out anytime by replying STOP. See our Privacy Policy.",
  },
  {
    lang: "es",
    text: "Sí, quiero recibir ofertas y novedades de Acme Coffee por WhatsApp. Puedes darte de baja en cualquier momento respondiendo BAJA.",
  },
  {
    lang: "es",
    text: "Acepto recibir promociones y descuentos exclusivos de Acme Coffee a través de WhatsApp. Puedo revocar mi consentimiento cuando quiera.",
  },
  {
    lang: "pt",
    text: "Sim, quero receber ofertas, promoções e novidades da Acme Coffee pelo WhatsApp. Você pode se descadastrar a qualquer momento respondendo SAIR.",
  },
  {
    lang: "pt",
    text: "Quero receber novidades e lançamentos da Acme Coffee no WhatsApp. Para cancelar, é só responder SAIR. Esse consentimento não é condição para a compra.",
  },
  {
    lang: "de",
    text: "Ja, ich möchte Angebote und Neuigkeiten von Acme Coffee per WhatsApp erhalten. Ich kann mich jederzeit abmelden, indem ich STOP antworte.",
  },
  {
    lang: "de",
    text: "Ich bin einverstanden, dass Acme Coffee mir Werbung und Rabattaktionen als WhatsApp-Nachrichten schickt. Die Einwilligung kann ich jederzeit widerrufen. Mehr dazu in der Datenschutzerklärung.",
  },
  {
    lang: "fr",
    text: "Oui, je souhaite recevoir les offres et nouveautés d’Acme Coffee sur WhatsApp. Vous pouvez vous désinscrire à tout moment en répondant STOP.",
  },
  {
    lang: "fr",
    text: "J'accepte de recevoir des offres promotionnelles d'Acme Coffee par WhatsApp. Je peux me désabonner à tout moment.",
  },
  {
    lang: "it",
    text: "Sì, voglio ricevere offerte e promozioni da Acme Coffee su WhatsApp. Puoi annullare l'iscrizione in qualsiasi momento rispondendo STOP.",
  },
  {
    lang: "it",
    text: "Acconsento a ricevere la newsletter, sconti e novità di Acme Coffee tramite WhatsApp. Puoi disiscriverti quando vuoi.",
  },
];

interface BadCase {
  name: string;
  lang: ConsentLanguage;
  text: string;
  brand?: string;
  errors: TextFindingCode[];
  warnings?: TextFindingCode[];
}

const SMS_ONLY: BadCase[] = [
  {
    name: "en SMS only",
    lang: "en",
    text: "By checking this box, you agree to receive recurring automated marketing text messages from Acme Coffee at the number provided. Consent is not a condition of purchase. Reply STOP to cancel.",
    errors: ["MISSING_WHATSAPP"],
    warnings: ["OTHER_CHANNELS"],
  },
  {
    name: "es SMS only",
    lang: "es",
    text: "Acepto recibir SMS con ofertas de Acme Coffee. Responde BAJA para darte de baja.",
    errors: ["MISSING_WHATSAPP"],
    warnings: ["OTHER_CHANNELS"],
  },
  {
    name: "pt SMS only",
    lang: "pt",
    text: "Quero receber promoções da Acme Coffee por SMS.",
    errors: ["MISSING_WHATSAPP"],
    warnings: ["MISSING_HOW_TO_STOP", "OTHER_CHANNELS"],
  },
  {
    name: "de SMS only",
    lang: "de",
    text: "Ich möchte Angebote von Acme Coffee per SMS erhalten. Abmeldung jederzeit möglich.",
    errors: ["MISSING_WHATSAPP"],
    warnings: ["OTHER_CHANNELS"],
  },
  {
    name: "fr SMS only",
    lang: "fr",
    text: "J'accepte de recevoir des offres d'Acme Coffee par SMS. Répondez STOP pour vous désinscrire.",
    errors: ["MISSING_WHATSAPP"],
    warnings: ["OTHER_CHANNELS"],
  },
  {
    name: "it SMS only",
    lang: "it",
    text: "Voglio ricevere offerte da Acme Coffee tramite SMS e messaggi di testo.",
    errors: ["MISSING_WHATSAPP"],
    warnings: ["MISSING_HOW_TO_STOP", "OTHER_CHANNELS"],
  },
];

const GENERIC_MARKETING: BadCase[] = [
  {
    name: "en generic marketing messages",
    lang: "en",
    text: "By providing your phone number you agree to receive marketing messages from Acme Coffee. Unsubscribe at any time.",
    errors: ["MISSING_WHATSAPP"],
  },
  {
    name: "es generic marketing",
    lang: "es",
    text: "Acepto recibir comunicaciones comerciales de Acme Coffee.",
    errors: ["MISSING_WHATSAPP"],
    warnings: ["MISSING_HOW_TO_STOP"],
  },
  {
    name: "pt generic marketing",
    lang: "pt",
    text: "Aceito receber comunicações de marketing da Acme Coffee.",
    errors: ["MISSING_WHATSAPP"],
    warnings: ["MISSING_HOW_TO_STOP"],
  },
  {
    name: "de generic marketing",
    lang: "de",
    text: "Ich möchte Werbung von Acme Coffee erhalten und kann jederzeit widerrufen.",
    errors: ["MISSING_WHATSAPP"],
  },
  {
    name: "fr generic marketing",
    lang: "fr",
    text: "Je souhaite recevoir les communications commerciales d'Acme Coffee.",
    errors: ["MISSING_WHATSAPP"],
    warnings: ["MISSING_HOW_TO_STOP"],
  },
  {
    name: "it generic marketing",
    lang: "it",
    text: "Acconsento a ricevere comunicazioni di marketing da Acme Coffee.",
    errors: ["MISSING_WHATSAPP"],
    warnings: ["MISSING_HOW_TO_STOP"],
  },
];

const ORDER_UPDATES: BadCase[] = [
  {
    name: "en order updates only",
    lang: "en",
    text: "Get order updates and delivery notifications from Acme Coffee on WhatsApp.",
    errors: ["MISSING_MARKETING_PURPOSE", "TRANSACTIONAL_ONLY"],
    warnings: ["MISSING_HOW_TO_STOP"],
  },
  {
    name: "en support only",
    lang: "en",
    text: "Chat with Acme Coffee customer support on WhatsApp about your order.",
    errors: ["MISSING_MARKETING_PURPOSE", "TRANSACTIONAL_ONLY"],
    warnings: ["MISSING_HOW_TO_STOP"],
  },
  {
    name: "es order updates only",
    lang: "es",
    text: "Recibe actualizaciones de tu pedido y del envío de Acme Coffee por WhatsApp.",
    errors: ["MISSING_MARKETING_PURPOSE", "TRANSACTIONAL_ONLY"],
    warnings: ["MISSING_HOW_TO_STOP"],
  },
  {
    name: "pt order updates only",
    lang: "pt",
    text: "Receba atualizações do seu pedido e da entrega da Acme Coffee pelo WhatsApp.",
    errors: ["MISSING_MARKETING_PURPOSE", "TRANSACTIONAL_ONLY"],
    warnings: ["MISSING_HOW_TO_STOP"],
  },
  {
    name: "de order updates only",
    lang: "de",
    text: "Ich möchte Informationen zu meiner Bestellung und zum Versand von Acme Coffee per WhatsApp erhalten.",
    errors: ["MISSING_MARKETING_PURPOSE", "TRANSACTIONAL_ONLY"],
    warnings: ["MISSING_HOW_TO_STOP"],
  },
  {
    name: "fr order updates only",
    lang: "fr",
    text: "Recevez le suivi de votre commande et les informations de livraison d'Acme Coffee sur WhatsApp.",
    errors: ["MISSING_MARKETING_PURPOSE", "TRANSACTIONAL_ONLY"],
    warnings: ["MISSING_HOW_TO_STOP"],
  },
  {
    name: "it order updates only",
    lang: "it",
    text: "Ricevi aggiornamenti sul tuo ordine e sulla spedizione da Acme Coffee tramite WhatsApp.",
    errors: ["MISSING_MARKETING_PURPOSE", "TRANSACTIONAL_ONLY"],
    warnings: ["MISSING_HOW_TO_STOP"],
  },
];

const BUNDLED: BadCase[] = [
  {
    name: "en terms bundled",
    lang: "en",
    text: "I agree to the Terms and Conditions and to receive offers from Acme Coffee on WhatsApp. Reply STOP to opt out.",
    errors: ["BUNDLED_WITH_TERMS"],
  },
  {
    name: "en privacy policy bundled",
    lang: "en",
    text: "I have read and accept the privacy policy and want WhatsApp promotions from Acme Coffee. Reply STOP to opt out.",
    errors: ["BUNDLED_WITH_TERMS"],
  },
  {
    name: "en tied to the order",
    lang: "en",
    text: "By placing your order, you agree to receive offers from Acme Coffee on WhatsApp. Reply STOP to opt out.",
    errors: ["BUNDLED_WITH_TERMS"],
  },
  {
    name: "en condition of purchase",
    lang: "en",
    text: "Signing up for WhatsApp deals from Acme Coffee is required to complete your purchase. Reply STOP to opt out.",
    errors: ["BUNDLED_WITH_TERMS"],
  },
  {
    name: "es terms bundled",
    lang: "es",
    text: "Acepto los términos y condiciones y recibir ofertas de Acme Coffee por WhatsApp. Responde BAJA para darte de baja.",
    errors: ["BUNDLED_WITH_TERMS"],
  },
  {
    name: "pt terms bundled",
    lang: "pt",
    text: "Li e aceito os termos de uso e quero receber ofertas da Acme Coffee pelo WhatsApp. Responda SAIR para cancelar.",
    errors: ["BUNDLED_WITH_TERMS"],
  },
  {
    name: "de terms bundled",
    lang: "de",
    text: "Ich akzeptiere die AGB und möchte Angebote von Acme Coffee per WhatsApp erhalten. Abmeldung jederzeit.",
    errors: ["BUNDLED_WITH_TERMS"],
  },
  {
    name: "fr terms bundled",
    lang: "fr",
    text: "J'accepte les conditions générales de vente et de recevoir des offres d'Acme Coffee sur WhatsApp. Répondez STOP pour vous désinscrire.",
    errors: ["BUNDLED_WITH_TERMS"],
  },
  {
    name: "it terms bundled",
    lang: "it",
    text: "Accetto i termini e condizioni e di ricevere offerte da Acme Coffee su WhatsApp. Rispondi STOP per disiscriverti.",
    errors: ["BUNDLED_WITH_TERMS"],
  },
];

const MISSING_BRAND: BadCase[] = GOOD.filter((g) => g.brand === undefined).map((g) => ({
  name: `${g.lang} good text checked against another brand`,
  lang: g.lang,
  text: g.text,
  brand: "Blue Bottle",
  errors: ["MISSING_BRAND"],
}));

const OTHER_BAD: BadCase[] = [
  {
    name: "names WhatsApp but states no purpose",
    lang: "en",
    text: "I agree to receive WhatsApp messages from Acme Coffee. Reply STOP to opt out.",
    errors: ["MISSING_MARKETING_PURPOSE"],
  },
  {
    name: "Portuguese slang Zap does not count",
    lang: "pt",
    text: "Quero receber ofertas da Acme Coffee no Zap. Responda SAIR para cancelar.",
    errors: ["MISSING_WHATSAPP"],
  },
  {
    name: "WA abbreviation does not count",
    lang: "en",
    text: "Get exclusive offers from Acme Coffee on WA. Reply STOP to unsubscribe.",
    errors: ["MISSING_WHATSAPP"],
  },
  {
    name: "everything wrong at once",
    lang: "en",
    text: "Get order updates by SMS.",
    brand: BRAND,
    errors: ["MISSING_BRAND", "MISSING_MARKETING_PURPOSE", "MISSING_WHATSAPP", "TRANSACTIONAL_ONLY"],
    warnings: ["MISSING_HOW_TO_STOP", "OTHER_CHANNELS"],
  },
];

// ---------------------------------------------------------------------------

describe("acceptable consent texts", () => {
  it.each(GOOD)("$lang: $text", ({ lang, text, brand }) => {
    const a = analyzeConsentText(text, brand ?? BRAND);
    expect(codesOf(a, "error")).toEqual([]);
    expect(codesOf(a, "warning")).toEqual([]);
    expect(codesOf(a, "ok")).toEqual(["HOW_TO_STOP", "MARKETING_PURPOSE", "NAMES_BRAND", "NAMES_WHATSAPP"]);
    expect(a.acceptable).toBe(true);
    expect(a.language).toBe(lang);
    expect(a.reasons).toEqual([]);
    expect(a).toMatchObject({
      namesWhatsApp: true,
      namesBrand: true,
      statesMarketingPurpose: true,
      bundledWithTerms: false,
      transactionalOnly: false,
      explainsHowToStop: true,
      otherChannels: [],
    });
  });

  it("covers all six languages", () => {
    expect(new Set(GOOD.map((g) => g.lang))).toEqual(new Set(["en", "es", "pt", "de", "fr", "it"]));
  });

  it("accepts several channels and a missing stop line, but warns", () => {
    const a = analyzeConsentText(
      "I agree to receive offers from Acme Coffee by WhatsApp, SMS and email.",
      BRAND,
    );
    expect(a.acceptable).toBe(true);
    expect(a.otherChannels).toEqual(["sms", "email"]);
    expect(codesOf(a, "warning")).toEqual(["MISSING_HOW_TO_STOP", "OTHER_CHANNELS"]);
    const channels = a.findings.find((f) => f.code === "OTHER_CHANNELS");
    expect(channels?.message).toContain("SMS and email");
  });

  it("does not count a mere email address field as an email channel", () => {
    for (const text of [
      "Enter your email address and WhatsApp number to get offers from Acme Coffee. Unsubscribe anytime.",
      "Gib deine E-Mail-Adresse ein und erhalte Angebote von Acme Coffee per WhatsApp. Abmeldung jederzeit.",
    ]) {
      expect(analyzeConsentText(text, BRAND).otherChannels).toEqual([]);
    }
    expect(
      analyzeConsentText("Angebote von Acme Coffee per WhatsApp und E-Mail.", BRAND).otherChannels,
    ).toEqual(["email"]);
  });

  it("accepts marketing wording that also mentions orders", () => {
    const a = analyzeConsentText(
      "Get WhatsApp offers and order updates from Acme Coffee. Reply STOP to opt out.",
      BRAND,
    );
    expect(a.acceptable).toBe(true);
    expect(a.transactionalOnly).toBe(false);
  });

  it("does not treat a plain link to the privacy policy or a 'not a condition' line as bundling", () => {
    const a = analyzeConsentText(
      "Yes, send me WhatsApp offers from Acme Coffee. Consent is not a condition of purchase and is not required to buy. Reply STOP to opt out. Privacy Policy and Terms apply.",
      BRAND,
    );
    expect(a.bundledWithTerms).toBe(false);
    expect(a.acceptable).toBe(true);
  });
});

describe("rejected consent texts", () => {
  const all = [
    ...SMS_ONLY,
    ...GENERIC_MARKETING,
    ...ORDER_UPDATES,
    ...BUNDLED,
    ...MISSING_BRAND,
    ...OTHER_BAD,
  ];

  it.each(all)("$name", ({ lang, text, brand, errors, warnings }) => {
    const a = analyzeConsentText(text, brand ?? BRAND);
    expect(a.acceptable).toBe(false);
    expect(codesOf(a, "error")).toEqual([...errors].sort());
    if (warnings) expect(codesOf(a, "warning")).toEqual([...warnings].sort());
    expect(a.language).toBe(lang);
    const expectedReasons = [
      ...(errors.includes("MISSING_WHATSAPP") ? ["TEXT_MISSING_WHATSAPP"] : []),
      ...(errors.includes("MISSING_BRAND") ? ["TEXT_MISSING_BRAND"] : []),
    ];
    expect(a.reasons).toEqual(expectedReasons);
  });

  it("rejects SMS-only wording in every language and reports the SMS channel", () => {
    expect(new Set(SMS_ONLY.map((c) => c.lang)).size).toBe(6);
    for (const c of SMS_ONLY) expect(analyzeConsentText(c.text, BRAND).otherChannels).toContain("sms");
  });

  it("rejects order-update wording in every language as transactional", () => {
    expect(new Set(ORDER_UPDATES.map((c) => c.lang)).size).toBe(6);
    for (const c of ORDER_UPDATES) expect(analyzeConsentText(c.text, BRAND).transactionalOnly).toBe(true);
  });

  it("rejects terms-bundled wording in every language", () => {
    expect(new Set(BUNDLED.map((c) => c.lang)).size).toBe(6);
    for (const c of BUNDLED) expect(analyzeConsentText(c.text, BRAND).bundledWithTerms).toBe(true);
  });

  const emptyTexts: Array<[string | null | undefined, string]> = [
    ["", "empty string"],
    ["   \n\t ", "whitespace only"],
    [null, "null"],
    [undefined, "undefined"],
  ];
  it.each(emptyTexts)("treats %j (%s) as missing text", (text) => {
    const a = analyzeConsentText(text, BRAND);
    expect(a.acceptable).toBe(false);
    expect(a.findings.map((f) => f.code)).toEqual(["EMPTY_TEXT"]);
    expect(a.reasons).toEqual(["MISSING_CONSENT_TEXT"]);
    expect(a.language).toBeNull();
    expect(a.namesWhatsApp || a.namesBrand || a.statesMarketingPurpose).toBe(false);
  });

  it("explains that shorthand such as WA or Zap is not enough", () => {
    const a = analyzeConsentText("Offers from Acme Coffee on WA.", BRAND);
    const missing = a.findings.find((f) => f.code === "MISSING_WHATSAPP");
    expect(missing?.message).toMatch(/WA/);
    const plain = analyzeConsentText("Offers from Acme Coffee by text.", BRAND);
    expect(plain.findings.find((f) => f.code === "MISSING_WHATSAPP")?.message).toMatch(
      /never mentions WhatsApp/,
    );
  });

  it("writes short English messages that never echo the consent text", () => {
    const secret = "Zebulon offers on WhatsApp";
    const a = analyzeConsentText(secret, BRAND);
    for (const f of a.findings) {
      expect(f.message).not.toContain("Zebulon");
      expect(f.message.length).toBeLessThan(220);
      expect(f.message).toMatch(/^[A-Z].*[.)"]$/);
    }
  });
});

describe("WhatsApp detection", () => {
  it.each([
    "WhatsApp",
    "Whats App",
    "whatsapp",
    "WHATSAPP",
    "Whatsapp",
    "WhatsApp-Nachrichten",
    "via #WhatsApp!",
    "Whats\u00a0App",
    "Whats\n App",
    "ＷｈａｔｓＡｐｐ",
    "WhátsÁpp",
    "Wha\u0301tsApp",
  ])("counts %j", (s) => {
    expect(mentionsWhatsApp(`Offers on ${s} from us`)).toBe(true);
  });

  it.each([
    "WA",
    "wa.me/15551234567",
    "Zap",
    "Zapzap",
    "zap zap",
    "Whats-App",
    "What's App",
    "Whatsap",
    "Watsapp",
    "W. App",
    "somewhatsappish",
  ])("does not count %j", (s) => {
    expect(mentionsWhatsApp(`Offers on ${s} from us`)).toBe(false);
  });
});

describe("brand detection", () => {
  it.each([
    ["Acme Coffee", "Offers from ACME coffee"],
    ["Acme Coffee", "Offers from Acme-Coffee"],
    ["Acme Coffee", "Acme Coffee's best offers"],
    ["Acme Coffee", "Offers from Acme  Coffee."],
    ["Acme Coffee", "Offers from AcmeCoffee"],
    ["AcmeCoffee", "Offers from Acme Coffee"],
    ["Café Olé", "offers from cafe ole"],
    ["Café Olé", "OFFERS FROM CAFÉ OLÉ"],
    ["cafe ole", "offers from Café Olé"],
    ["Café Olé", "offers from Cafe\u0301 Ole\u0301"],
    ["Ace", "ACE's weekly offers"],
    ["Ace", "Offers from (Ace)"],
    ["H&M", "Offers from H & M"],
    ["  Acme Coffee  ", "Offers from Acme Coffee"],
    ["Müller", "Angebote von MUELLER oder Müller"],
  ])("brand %j is named in %j", (brand, text) => {
    expect(mentionsBrand(text, brand)).toBe(true);
  });

  it.each([
    ["Ace", "Explore space with us"],
    ["Ace", "Our aces are here"],
    ["Acme Coffee", "Offers from Acme"],
    ["Acme Coffee", "Offers from Acme Coffees"],
    ["Acme Coffee", "Coffee from Acme"],
    ["Café Olé", "cafeteria olé"],
    ["", "Offers from Acme Coffee"],
    ["   ", "Offers from Acme Coffee"],
    ["!!!", "Offers from !!!"],
  ])("brand %j is not named in %j", (brand, text) => {
    expect(mentionsBrand(text, brand)).toBe(false);
  });

  it("reports a missing brand name as such", () => {
    for (const brand of ["", "  ", "--"]) {
      const a = analyzeConsentText(GOOD[0]?.text, brand);
      expect(a.acceptable).toBe(false);
      expect(a.reasons).toEqual(["TEXT_MISSING_BRAND"]);
      const finding = a.findings.find((f) => f.code === "MISSING_BRAND");
      expect(finding?.severity).toBe("error");
      expect(finding?.message).toMatch(/no brand name was given/i);
    }
  });

  it("names the brand in the message", () => {
    const a = analyzeConsentText("Offers on WhatsApp. Reply STOP.", "Blue Bottle");
    expect(a.findings.find((f) => f.code === "MISSING_BRAND")?.message).toContain("Blue Bottle");
  });
});

describe("language guess", () => {
  it("returns null when no known word is present", () => {
    expect(guessLanguage("WhatsApp Acme 123")).toBeNull();
    expect(analyzeConsentText("WhatsApp Acme 123", "Acme").language).toBeNull();
  });

  it("recognises each language", () => {
    expect(guessLanguage("Reply to this message and you will get the news")).toBe("en");
    expect(guessLanguage("Quiero recibir los mensajes para el cliente")).toBe("es");
    expect(guessLanguage("Você quer receber as mensagens do seu pedido")).toBe("pt");
    expect(guessLanguage("Ich möchte die Nachrichten über den Versand erhalten")).toBe("de");
    expect(guessLanguage("Je souhaite recevoir les messages et vous répondre")).toBe("fr");
    expect(guessLanguage("Voglio ricevere gli aggiornamenti sul tuo ordine")).toBe("it");
  });
});

describe("normalizeConsentText and textSha256", () => {
  it("canonicalises Unicode and whitespace", () => {
    expect(normalizeConsentText("  Caf\u0065\u0301\t\n olé  ")).toBe("Café olé");
    expect(normalizeConsentText("a\u00a0\u2003b")).toBe("a b");
    expect(normalizeConsentText("")).toBe("");
  });

  it("hashes the canonical form as lowercase hex sha256", () => {
    // sha256("hello world"), a well-known vector
    expect(textSha256("  hello \n world ")).toBe(
      "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9",
    );
    const text = GOOD[0]?.text ?? "";
    expect(textSha256(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
    expect(textSha256("Café")).toBe(textSha256("Cafe\u0301"));
    expect(textSha256("Acme Coffee")).not.toBe(textSha256("Acme coffee"));
  });
});

// ---------------------------------------------------------------------------
// Properties

const WHATSAPP_NEAR_MISSES = [
  "WA",
  "Zap",
  "Zapzap",
  "Whats-App",
  "What's App",
  "Whatsap",
  "Wh@tsApp",
  "W.A.",
];
const FRAGMENTS = [
  ...GOOD.map((g) => g.text),
  ...SMS_ONLY.map((c) => c.text),
  ...BUNDLED.map((c) => c.text),
  "WhatsApp",
  "Whats App",
  "Reply STOP",
  "offers",
  "order updates",
  "Acme Coffee",
  "Café Olé",
  "Straße",
  "ΣΊΣΥΦΟΣ",
  "İstanbul",
  "ﬁnal ǅ ŉ",
  "terms and conditions",
  ...WHATSAPP_NEAR_MISSES,
];
const BRANDS = ["Acme Coffee", "Café Olé", "Ace", "H&M", "", "Straße", "ΣΊΣΥΦΟΣ"];

const fragmentArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
);
const separatorArb = fc.constantFrom(" ", "  ", "\n", "\t", "\u00a0", "\u3000", ", ", ". ", "-", "");
const textArb = fc
  .array(fc.tuple(fragmentArb, separatorArb), { maxLength: 8 })
  .map((parts) => parts.map(([f, s]) => f + s).join(""));
const whitespaceArb = fc
  .array(fc.constantFrom(" ", "\n", "\t", "\r\n", "\u00a0", "\u2003", "\u3000", "\ufeff"), { maxLength: 4 })
  .map((ws) => ws.join(""));

describe("properties", () => {
  it("(a) a text that never spells out whatsapp is never acceptable", () => {
    const nearMissGood = fc
      .tuple(fc.constantFrom(...GOOD), fc.constantFrom(...WHATSAPP_NEAR_MISSES))
      .map(([g, miss]) => ({ text: g.text.replaceAll("WhatsApp", miss), brand: g.brand ?? BRAND }));
    const random = fc.record({ text: textArb, brand: fc.constantFrom(...BRANDS) });
    fc.assert(
      fc.property(fc.oneof(nearMissGood, random), ({ text, brand }) => {
        fc.pre(!looseFold(text).includes("whatsapp"));
        const a = analyzeConsentText(text, brand);
        expect(a.acceptable).toBe(false);
        expect(a.namesWhatsApp).toBe(false);
        expect(a.reasons).toContain(
          a.findings[0]?.code === "EMPTY_TEXT" ? "MISSING_CONSENT_TEXT" : "TEXT_MISSING_WHATSAPP",
        );
      }),
      { numRuns: 500 },
    );
  });

  it("(b) the verdict ignores surrounding whitespace and the case of the whole text", () => {
    fc.assert(
      fc.property(
        textArb,
        fc.constantFrom(...BRANDS),
        whitespaceArb,
        whitespaceArb,
        (text, brand, before, after) => {
          const base = analyzeConsentText(text, brand);
          expect(analyzeConsentText(before + text + after, brand)).toEqual(base);
          expect(analyzeConsentText(text.toUpperCase(), brand)).toEqual(base);
          expect(analyzeConsentText(text.toLowerCase(), brand)).toEqual(base);
          expect(analyzeConsentText(before + text.toUpperCase() + after, brand)).toEqual(base);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("(c) normalizeConsentText is idempotent", () => {
    fc.assert(
      fc.property(fc.oneof(textArb, fc.string({ unit: "binary" })), (text) => {
        const once = normalizeConsentText(text);
        expect(normalizeConsentText(once)).toBe(once);
        expect(once).toBe(once.trim());
        expect(once).not.toMatch(/\s\s/u);
      }),
      { numRuns: 1000 },
    );
  });

  it("(c) textSha256 is stable under whitespace changes and Unicode composition", () => {
    const wordArb = fc
      .oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 }))
      .map((w) => w.replace(/\s+/gu, ""))
      .filter((w) => w !== "");
    const gapArb = whitespaceArb.filter((ws) => ws !== "");
    fc.assert(
      fc.property(
        fc.array(fc.tuple(wordArb, gapArb), { minLength: 1, maxLength: 8 }),
        whitespaceArb,
        whitespaceArb,
        (pairs, before, after) => {
          const plain = pairs.map(([w]) => w).join(" ");
          const spaced = before + pairs.map(([w, gap]) => w + gap).join("") + after;
          expect(textSha256(spaced)).toBe(textSha256(plain));
          expect(textSha256(plain.normalize("NFD"))).toBe(textSha256(plain));
          expect(textSha256(plain)).toMatch(/^[0-9a-f]{64}$/);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("findings, reasons and flags always agree", () => {
    const allowedReasons = ["MISSING_CONSENT_TEXT", "TEXT_MISSING_WHATSAPP", "TEXT_MISSING_BRAND"];
    fc.assert(
      fc.property(textArb, fc.constantFrom(...BRANDS), (text, brand) => {
        const a = analyzeConsentText(text, brand);
        const codes = a.findings.map((f) => f.code);
        expect(a.acceptable).toBe(!a.findings.some((f) => f.severity === "error"));
        expect(new Set(codes).size).toBe(codes.length);
        for (const r of a.reasons) expect(allowedReasons).toContain(r);
        if (codes.includes("EMPTY_TEXT")) return;
        expect(codes.includes("NAMES_WHATSAPP")).toBe(a.namesWhatsApp);
        expect(codes.includes("MISSING_WHATSAPP")).toBe(!a.namesWhatsApp);
        expect(codes.includes("NAMES_BRAND")).toBe(a.namesBrand);
        expect(codes.includes("MARKETING_PURPOSE")).toBe(a.statesMarketingPurpose);
        expect(codes.includes("TRANSACTIONAL_ONLY")).toBe(a.transactionalOnly);
        expect(codes.includes("BUNDLED_WITH_TERMS")).toBe(a.bundledWithTerms);
        expect(codes.includes("OTHER_CHANNELS")).toBe(a.otherChannels.length > 0);
        expect(codes.includes("HOW_TO_STOP")).toBe(a.explainsHowToStop);
        expect(a.transactionalOnly && a.statesMarketingPurpose).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("folding is the same for every code point and its upper and lower case", () => {
    const mismatches: string[] = [];
    for (let cp = 0; cp <= 0x1ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      const folded = foldForMatching(c);
      if (foldForMatching(c.toUpperCase()) !== folded || foldForMatching(c.toLowerCase()) !== folded) {
        mismatches.push(cp.toString(16));
      }
    }
    expect(mismatches).toEqual([]);
  });
});
