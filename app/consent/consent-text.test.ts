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

describe("acceptable consent texts", () => {
  it.each(GOOD)("accepts $lang: $text", ({ text, brand, lang }) => {
    const a = analyzeConsentText(text, brand ?? BRAND);
    expect(a.reasons).toEqual([]);
    expect(a.acceptable).toBe(true);
    expect(a.language).toBe(lang);
    expect(codesOf(a, "error")).toEqual([]);
    expect(codesOf(a, "ok")).toEqual(
      expect.arrayContaining(["CONSENT_STATEMENT", "NAMES_BRAND", "NAMES_WHATSAPP", "MARKETING_PURPOSE"]),
    );
  });

  it("accepts the wording the storefront block and the checkout extension ship with", () => {
    const shipped = [
      "Yes, send me marketing messages from Acme Coffee on WhatsApp (offers, new arrivals and news) at the number I entered. I can stop at any time by replying STOP or with the unsubscribe form on this site.",
      "Send me marketing messages from Acme Coffee on WhatsApp, such as offers and new products. I can unsubscribe at any time by replying STOP.",
      "Ja, Acme Coffee darf mir Marketing-Nachrichten über WhatsApp (Angebote, Neuheiten und News) an die angegebene Nummer senden. Ich kann das jederzeit beenden, indem ich mit STOP antworte oder das Abmeldeformular auf dieser Website nutze.",
      "Sì, voglio ricevere messaggi di marketing da Acme Coffee su WhatsApp (offerte, novità e notizie) al numero indicato. Posso smettere in qualsiasi momento rispondendo STOP o con il modulo di disiscrizione di questo sito.",
    ];
    for (const text of shipped) expect(analyzeConsentText(text, BRAND).reasons, text).toEqual([]);
  });
});

const REFUSED = [
  ["I agree to receive WhatsApp messages from Acme Coffee.", "TEXT_NO_MARKETING_PURPOSE"],
  [
    "By placing an order you agree to our Terms and to receive WhatsApp offers from Acme Coffee.",
    "TEXT_BUNDLED",
  ],
  [
    "By placing an order you agree to our Terms and to receive WhatsApp offers from Acme Coffee.",
    "TEXT_IMPLIED_CONSENT",
  ],
  ["I do not want to receive WhatsApp offers from Acme Coffee.", "TEXT_NOT_CONSENT"],
  ["Ich möchte keine Werbung von Acme Coffee per WhatsApp erhalten.", "TEXT_NOT_CONSENT"],
  ["Get order updates and delivery news from Acme Coffee on WhatsApp.", "TEXT_TRANSACTIONAL"],
  ["Acme Coffee offers WhatsApp order tracking.", "TEXT_TRANSACTIONAL"],
  [
    "Get offers from Acme Coffee by email. Questions? Chat with us on WhatsApp.",
    "TEXT_WHATSAPP_NOT_FOR_MARKETING",
  ],
  ["Get offers from Acme Coffee by email. Questions? Chat with us on WhatsApp.", "TEXT_MIXED_CHANNELS"],
  ["By purchasing from Acme Coffee you agree to receive WhatsApp marketing.", "TEXT_IMPLIED_CONSENT"],
  ["Uncheck this box if you do not wish to receive offers from Acme Coffee on WhatsApp.", "TEXT_NOT_CONSENT"],
  ["Acme Coffee will send you WhatsApp offers unless you tell us otherwise.", "TEXT_NOT_CONSENT"],
  ["Yes, Acme Coffee and its partners may send me offers on WhatsApp.", "TEXT_OTHER_SENDER"],
  ["Yes, send me offers from Acme Coffee and Beta Tea on WhatsApp.", "TEXT_OTHER_SENDER"],
  ["YES, SEND ME OFFERS FROM ACME COFFEE AND BETA TEA ON WHATSAPP.", "TEXT_OTHER_SENDER"],
  ["Yes, send me offers from Acme Coffee by WhatsApp and SMS.", "TEXT_MIXED_CHANNELS"],
  ["Acme Coffee. Offers and news. WhatsApp.", "TEXT_NOT_ONE_STATEMENT"],
  ["Want offers from Acme Coffee on WhatsApp?", "TEXT_NOT_CONSENT"],
  ["Ja, ik wil aanbiedingen van Acme Coffee ontvangen via WhatsApp.", "TEXT_UNSUPPORTED_LANGUAGE"],
  ["Да, присылайте мне предложения Acme Coffee в WhatsApp.", "TEXT_UNSUPPORTED_LANGUAGE"],
  [
    `Yes, send me offers from Acme Coffee on WhatsApp. ${"We process your personal data to run our shop and improve it. ".repeat(8)}`,
    "TEXT_TOO_LONG",
  ],
] as const;

describe("refused consent texts, one reason each", () => {
  it.each(REFUSED)("%j → %s", (text, reason) => {
    const a = analyzeConsentText(text, BRAND);
    expect(a.acceptable).toBe(false);
    expect(a.reasons).toContain(reason);
    expect(a.findings.find((f) => f.code === reason)?.severity).toBe("error");
  });

  it("tells the store owner what each refusal means and what to change", () => {
    const advice: Record<string, RegExp> = {
      TEXT_NO_MARKETING_PURPOSE: /say what shoppers will get/,
      TEXT_BUNDLED: /its own optional checkbox/,
      TEXT_IMPLIED_CONSENT: /Only a box the shopper ticks themselves counts/,
      TEXT_NOT_CONSENT: /Write it as their own agreement/,
      TEXT_TRANSACTIONAL: /Agreeing to service messages is not agreeing to marketing/,
      TEXT_WHATSAPP_NOT_FOR_MARKETING: /Say that the marketing will be sent on WhatsApp/,
      TEXT_OTHER_SENDER: /Name only your own brand as the sender/,
      TEXT_MIXED_CHANNELS: /^The text also covers (SMS|email) in the same agreement\. .*its own checkbox/,
      TEXT_NOT_ONE_STATEMENT: /never together in one sentence/,
      TEXT_UNSUPPORTED_LANGUAGE: /in a language this check cannot read yet/,
      TEXT_TOO_LONG: /one or two short sentences/,
    };
    for (const [code, pattern] of Object.entries(advice)) {
      const text = REFUSED.find(([, reason]) => reason === code)?.[0] as string;
      const finding = analyzeConsentText(text, BRAND).findings.find((f) => f.code === code);
      expect(finding?.message, code).toMatch(pattern);
    }
    const both = analyzeConsentText(
      "Yes, send me offers from Acme Coffee on WhatsApp, by SMS and by email.",
      BRAND,
    );
    expect(both.findings.find((f) => f.code === "TEXT_MIXED_CHANNELS")?.message).toMatch(
      /^The text also covers SMS and email in the same agreement\./,
    );
    const missing = analyzeConsentText("Send me offers from Acme Coffee. Reply STOP to stop.", BRAND);
    expect(missing.findings.find((f) => f.code === "TEXT_MISSING_WHATSAPP")?.message).toMatch(
      /never mentions WhatsApp/,
    );
    const shorthand = analyzeConsentText("Send me offers from Acme Coffee on WA. Reply STOP to stop.", BRAND);
    expect(shorthand.findings.find((f) => f.code === "TEXT_MISSING_WHATSAPP")?.message).toMatch(
      /write "WhatsApp" in full/,
    );
    const empty = analyzeConsentText(" <p> </p> ", BRAND);
    expect(empty.findings).toEqual([
      {
        code: "MISSING_CONSENT_TEXT",
        severity: "error",
        message: expect.stringMatching(/^No consent wording was recorded\./),
      },
    ]);
  });

  it("writes English messages that never echo the wording", () => {
    const secret = "Zebra1234";
    const a = analyzeConsentText(`Get order updates on WhatsApp ${secret}`, "Nobody");
    for (const finding of a.findings) expect(finding.message).not.toContain(secret);
  });
});

describe("what a shopper sees", () => {
  it.each([
    '<span>Send me offers from Acme Coffee</span><span style="display:none"> on WhatsApp</span>',
    "Send me offers from Acme Coffee <!-- on WhatsApp -->",
    '<label title="WhatsApp">Send me offers from Acme Coffee</label>',
    "<p>Send me offers from Acme Coffee <span hidden>on WhatsApp</span></p>",
    '<p>Send me offers from Acme Coffee <span class="visually-hidden">on WhatsApp</span></p>',
    "<p>Send me offers from Acme Coffee<script>on WhatsApp</script></p>",
    `<p>Send me offers from Acme Coffee<span title=' style=x' style="display:none"> on WhatsApp</span></p>`,
    '<p>Send me offers from Acme Coffee<span style="display&#58;none"> on WhatsApp</span></p>',
  ])("ignores words only hidden markup holds: %j", (html) => {
    const a = analyzeConsentText(html, BRAND);
    expect(a.acceptable).toBe(false);
    expect(a.reasons).toContain("TEXT_MISSING_WHATSAPP");
    expect(a.visibleText).not.toMatch(/whatsapp/i);
  });

  it("refuses a wording that carries its own style rules, and says why", () => {
    const a = analyzeConsentText(
      '<style>.x{display:none}</style><p>Yes, send me offers from Acme Coffee <span class="x">on WhatsApp</span>.</p>',
      BRAND,
    );
    expect(a.acceptable).toBe(false);
    expect(a.reasons).toEqual(["MISSING_CONSENT_TEXT"]);
    expect(a.findings[0]?.message).toMatch(/style rules/);
    expect(analyzeConsentText("", BRAND).findings[0]?.message).not.toMatch(/style/);
  });

  it.each([
    "<p>Yes, send me <b>offers</b> from Acme&nbsp;Coffee on <strong>WhatsApp</strong>.</p>",
    "Yes, send me offers from Acme Coffee on What\u00adsApp.",
    "Yes, send me offers from Acme Coffee on Whats\u200bApp.",
    "Yes, send me offers from Acme Coffee on ＷｈａｔｓＡｐｐ.",
    "Yes, send me offers from Acme &amp; Coffee on WhatsApp.".replace(" &amp;", ""),
  ])("reads visible markup and invisible characters as a shopper does: %j", (text) => {
    expect(analyzeConsentText(text, BRAND).reasons).toEqual([]);
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
    ["Acme Coffee Ltd", "Offers from Acme Coffee"],
    ["Müller & Söhne GmbH", "Angebote von Mueller und Soehne"],
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

  it.each([
    ["Acme Coffee Ltd", "Yes, send me offers from Acme Coffee on WhatsApp."],
    ["Acme Coffee S.L.", "Sí, quiero recibir ofertas de Acme Coffee por WhatsApp."],
    ["Müller & Söhne GmbH", "Ja, ich möchte Angebote von Mueller und Soehne per WhatsApp erhalten."],
    [
      "Müller & Söhne GmbH",
      "Ja, ich möchte Angebote von Müller & Söhne GmbH & Co. KG per WhatsApp erhalten.",
    ],
    ["Salt and Pepper", "Yes, send me offers from Salt & Pepper on WhatsApp."],
    ["Le Petit Atelier", "Oui, je souhaite recevoir les offres du Petit Atelier sur WhatsApp."],
  ])("tolerates legal forms, & for and, ü as ue and a dropped article: %j", (brand, text) => {
    expect(analyzeConsentText(text, brand)).toMatchObject({ namesBrand: true, acceptable: true });
  });

  it("reports a missing brand name as such", () => {
    for (const brand of ["", "  ", "--"]) {
      const a = analyzeConsentText(GOOD[0]?.text, brand);
      expect(a.acceptable).toBe(false);
      expect(a.reasons).toContain("TEXT_MISSING_BRAND");
      const finding = a.findings.find((f) => f.code === "TEXT_MISSING_BRAND");
      expect(finding?.severity).toBe("error");
      expect(finding?.message).toMatch(/no brand name was given/i);
    }
  });

  it("names the brand in the message", () => {
    const a = analyzeConsentText("Send me offers on WhatsApp. Reply STOP.", "Blue Bottle");
    expect(a.findings.find((f) => f.code === "TEXT_MISSING_BRAND")?.message).toContain("Blue Bottle");
  });
});

describe("folding for matching", () => {
  it("drops the spaces around a text and collapses those inside: a brand folds to the same words however it was typed", () => {
    expect(foldForMatching("  \u00A0Acme\t  Coffee \n")).toBe("acme coffee");
    expect(foldForMatching(" Ｗhats\u2003App ")).toBe("whats app");
  });

  it("folds a Greek final sigma to σ rather than dropping it: a brand is not named by a longer word", () => {
    expect(foldForMatching("ΛΌΓΟΣ")).toBe("λογοσ");
    expect(foldForMatching("λόγος")).toBe("λογοσ");
    expect(mentionsBrand("Offers from ΛΌΓΟΣ on WhatsApp", "Λόγο")).toBe(false);
    expect(mentionsBrand("Offers from ΛΌΓΟΣ on WhatsApp", "Λόγος")).toBe(true);
  });

  it("folds curly and angle quotes to a straight one, so the words on either side stay apart", () => {
    expect(foldForMatching("„Acme“ «Coffee» ‟x”")).toBe('"acme" "coffee" "x"');
    expect(mentionsBrand("Offers from „Acme“s own roastery on WhatsApp", "Acme")).toBe(true);
  });

  it("collapses whitespace runs into one space, those left where folding removed a mark too", () => {
    expect(foldForMatching("a \n\t\u00a0 b")).toBe("a b");
    expect(foldForMatching("Whats \u0301 App")).toBe("whats app");
    expect(mentionsWhatsApp("Offers on Whats \u0301 App from us")).toBe(true);
  });
});

describe("language guess", () => {
  it("returns null when no known word is present", () => {
    expect(guessLanguage("WhatsApp Acme 123")).toBeNull();
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
  "By checking this box, you agree to receive recurring automated marketing text messages from Acme Coffee.",
  "I accept the Terms and Conditions and agree to receive offers from Acme Coffee on WhatsApp.",
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
        expect(a.reasons).toEqual(
          expect.arrayContaining([
            a.findings[0]?.code === "MISSING_CONSENT_TEXT"
              ? "MISSING_CONSENT_TEXT"
              : a.reasons.includes("TEXT_UNSUPPORTED_LANGUAGE")
                ? "TEXT_UNSUPPORTED_LANGUAGE"
                : "TEXT_MISSING_WHATSAPP",
          ]),
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
          const verdict = (t: string) => {
            const { visibleText: _shown, ...rest } = analyzeConsentText(t, brand);
            return rest;
          };
          const base = verdict(text);
          expect(verdict(before + text + after)).toEqual(base);
          expect(verdict(text.toUpperCase())).toEqual(base);
          expect(verdict(text.toLowerCase())).toEqual(base);
          expect(verdict(before + text.toUpperCase() + after)).toEqual(base);
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
    fc.assert(
      fc.property(textArb, fc.constantFrom(...BRANDS), (text, brand) => {
        const a = analyzeConsentText(text, brand);
        const codes = a.findings.map((f) => f.code);
        expect(a.acceptable).toBe(a.reasons.length === 0);
        expect(a.acceptable).toBe(!a.findings.some((f) => f.severity === "error"));
        expect(new Set(codes).size).toBe(codes.length);
        expect(codesOf(a, "error")).toEqual([...a.reasons].sort());
        for (const r of a.reasons) expect(r === "MISSING_CONSENT_TEXT" || r.startsWith("TEXT_")).toBe(true);
        if (a.reasons.includes("MISSING_CONSENT_TEXT")) return;
        expect(codes.includes("NAMES_WHATSAPP")).toBe(a.namesWhatsApp);
        expect(codes.includes("NAMES_BRAND")).toBe(a.namesBrand);
        expect(codes.includes("MARKETING_PURPOSE")).toBe(a.statesMarketingPurpose);
        expect(codes.includes("HOW_TO_STOP")).toBe(a.explainsHowToStop);
        expect(codes.includes("CONSENT_STATEMENT")).toBe(a.acceptable);
        if (a.acceptable) {
          expect(a.namesWhatsApp && a.namesBrand && a.statesMarketingPurpose).toBe(true);
          expect(a.transactional || a.bundledWithTerms || a.otherChannels.length > 0).toBe(false);
        }
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

describe("what the merchant is told", () => {
  const messageOf = (text: string, code: string, brand = BRAND) =>
    analyzeConsentText(text, brand).findings.find((finding) => finding.code === code)?.message;

  it("an empty wording is judged to hold nothing at all", () => {
    expect(analyzeConsentText("  ", BRAND)).toMatchObject({
      acceptable: false,
      language: null,
      namesWhatsApp: false,
      namesBrand: false,
      statesMarketingPurpose: false,
      bundledWithTerms: false,
      otherChannels: [],
      transactional: false,
      explainsHowToStop: false,
      visibleText: "",
      reasons: ["MISSING_CONSENT_TEXT"],
    });
    expect(analyzeConsentText("", BRAND).findings).toHaveLength(1);
  });

  it("mixed channels names each other channel, joined as a sentence", () => {
    expect(
      messageOf("Yes, send me offers from Acme Coffee by WhatsApp and SMS.", "TEXT_MIXED_CHANNELS"),
    ).toMatch(/^The text also covers SMS in the same agreement\./);
    expect(
      messageOf("Yes, send me offers from Acme Coffee by WhatsApp, SMS and email.", "TEXT_MIXED_CHANNELS"),
    ).toMatch(/^The text also covers (SMS and email|email and SMS) in the same agreement\./);
  });

  it("a wording of punctuation alone holds no consent text", () => {
    expect(analyzeConsentText("... !!! -- ?", BRAND).reasons).toEqual(["MISSING_CONSENT_TEXT"]);
  });

  it("the brand found is named without the spaces the merchant typed around it", () => {
    expect(
      messageOf("Yes, send me offers from Acme Coffee on WhatsApp.", "NAMES_BRAND", "  Acme Coffee "),
    ).toBe("The text names your brand (Acme Coffee).");
  });

  it("plain wording gets no hidden-markup warning", () => {
    expect(messageOf("Yes, send me offers from Acme Coffee on WhatsApp.", "HIDDEN_MARKUP")).toBeUndefined();
  });

  it("a missing brand is named as the merchant typed it, without its spaces", () => {
    expect(messageOf("Yes, send me offers on WhatsApp.", "TEXT_MISSING_BRAND", "  Acme Coffee ")).toBe(
      "The text does not mention Acme Coffee. Name your store so shoppers know who will message them.",
    );
  });

  it("warns, without refusing, when the wording never says how to stop or holds hidden markup", () => {
    const a = analyzeConsentText(
      "<p>Yes, send me offers from Acme Coffee on WhatsApp.<span hidden>x</span></p>",
      BRAND,
    );
    expect(a.acceptable).toBe(true);
    expect(a.findings.filter((finding) => finding.severity === "warning")).toEqual([
      { code: "MISSING_HOW_TO_STOP", severity: "warning", message: expect.stringMatching(/how to stop/) },
      { code: "HIDDEN_MARKUP", severity: "warning", message: expect.stringMatching(/never sees/) },
    ]);
  });
});
