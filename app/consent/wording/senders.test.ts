/**
 * Names beside the brand (./senders): a wording that names someone else as a
 * sender, or names the brand only inside a longer name, is never consent to
 * the brand's own messages.
 */
import { describe, expect, it } from "vitest";
import { analyzeConsentText } from "../consent-text";

const reasonsOf = (text: string, brand = "Acme Coffee") => analyzeConsentText(text, brand).reasons;

describe("a one-word brand inside a longer name", () => {
  it("a one-word brand followed by another name ('Bossa Nova') is not the brand named", () => {
    expect(reasonsOf("Yes, send me offers from Bossa Nova on WhatsApp.", "Bossa")).toContain(
      "TEXT_MISSING_BRAND",
    );
  });

  it("a one-word brand followed by a frequent word, 'store', a marketing word or WhatsApp is still the brand", () => {
    expect(reasonsOf("Yes, send me offers from Bossa on WhatsApp.", "Bossa")).toEqual([]);
    expect(reasonsOf("Yes, send me offers from the Bossa store on WhatsApp.", "Bossa")).toEqual([]);
    expect(reasonsOf("Yes, send me Bossa promotions on WhatsApp.", "Bossa")).toEqual([]);
    expect(reasonsOf("Yes, send me Bossa WhatsApp offers.", "Bossa")).toEqual([]);
    expect(reasonsOf("Yes, send me offers from Bossa WhatsAppClub.", "Bossa")).toEqual([]);
  });
});

describe("a brand of several words written as a sender with more name after it", () => {
  it("'from Acme Coffee Roasters' names a company whose name starts with the brand's, in every language and case", () => {
    for (const text of [
      "Yes, send me offers from Acme Coffee Roasters on WhatsApp.",
      "YES, SEND ME OFFERS FROM ACME COFFEE ROASTERS ON WHATSAPP.",
      "Sí, quiero recibir ofertas de Acme Coffee Tostadores por WhatsApp.",
      "Oui, je veux recevoir les offres d'Acme Coffee Torréfacteurs sur WhatsApp.",
      "Ja, ich möchte Angebote von Acme Coffee Rösterei per WhatsApp erhalten.",
      "Sì, voglio ricevere offerte da Acme Coffee Torrefattori su WhatsApp.",
      "Sim, quero receber ofertas da Acme Coffee Torrefação pelo WhatsApp.",
    ]) {
      expect(reasonsOf(text), text).toContain("TEXT_MISSING_BRAND");
    }
  });

  it("after the brand, a frequent word, a store word, a marketing word, WhatsApp, a German verb or the channel's preposition ends the name", () => {
    for (const text of [
      "Yes, send me offers from Acme Coffee on WhatsApp.",
      "Yes, send me news from Acme Coffee by WhatsApp.",
      "Yes, send me offers from Acme Coffee store on WhatsApp.",
      "Yes, send me the latest offers from Acme Coffee over WhatsApp.",
      "Ja, ich möchte von Acme Coffee per WhatsApp über Angebote informiert werden.",
      "Sí, quiero recibir ofertas de Acme Coffee por WhatsApp.",
      "Quero receber ofertas da Acme Coffee através do WhatsApp.",
    ]) {
      expect(reasonsOf(text), text).toEqual([]);
    }
  });

  it("a legal form closes the name: the next sentence's first word is not more of it, with one brand word or several", () => {
    expect(
      reasonsOf(
        "Recevoir par WhatsApp les offres exclusives de Savonnerie Douce SARL. Fréquence des messages variable.",
        "Savonnerie Douce SARL",
      ),
    ).toEqual([]);
    expect(
      reasonsOf("Yes, send me WhatsApp offers from Acme Coffee Ltd. Frequency varies. Reply STOP to stop."),
    ).toEqual([]);
    expect(reasonsOf("Yes, send me WhatsApp offers from Bossa GmbH. Frequency varies.", "Bossa")).toEqual([]);
  });

  it("without a legal form between them, the brand and the next word still read as a longer name", () => {
    expect(reasonsOf("Yes, send me WhatsApp offers from Acme Coffee Frequency.")).toContain(
      "TEXT_MISSING_BRAND",
    );
    expect(reasonsOf("Yes, send me WhatsApp offers from Bossa Frequency.", "Bossa")).toContain(
      "TEXT_MISSING_BRAND",
    );
  });

  it("without 'from' before it, a many-word brand's next word is its verb, not more of its name", () => {
    expect(reasonsOf("Oui, Belle Rive m'envoie ses offres sur WhatsApp.", "Belle Rive")).toEqual([]);
  });
});

describe("a one-word brand inside a longer name, in German", () => {
  it("'von Bergwerk Schmidt' names another company, whatever the word order, as it does in English", () => {
    expect(
      reasonsOf(
        "Ja, ich möchte von Bergwerk Schmidt über Angebote per WhatsApp informiert werden.",
        "Bergwerk",
      ),
    ).toContain("TEXT_MISSING_BRAND");
    expect(
      reasonsOf("Ja, ich möchte Angebote von Bergwerk Nutzwerk per WhatsApp erhalten.", "Bergwerk"),
    ).toContain("TEXT_MISSING_BRAND");
  });

  it("a verb after the brand ends its name: German puts it there", () => {
    for (const text of [
      "Ich möchte per WhatsApp über Angebote von Bergwerk informiert werden.",
      "Ich möchte Angebote von Bergwerk per WhatsApp zugeschickt bekommen.",
      "Ja, ich möchte Angebote von Bergwerk zugeschickt bekommen, per WhatsApp.",
      "Ich stimme zu, dass Bergwerk mir Angebote per WhatsApp schickt.",
    ])
      expect(reasonsOf(text, "Bergwerk"), text).toEqual([]);
    expect(reasonsOf("Auf WhatsApp-Angebote von Bergwerk verzichte ich.", "Bergwerk")).toEqual([
      "TEXT_NOT_CONSENT",
    ]);
  });
});

describe("a second sender", () => {
  it("a name joined to the brand by 'and', '&' or 'y' is another sender", () => {
    expect(reasonsOf("Yes, send me offers from Acme Coffee and Beta Tea on WhatsApp.")).toContain(
      "TEXT_OTHER_SENDER",
    );
    expect(reasonsOf("Yes, send me offers from Acme Coffee & Beta on WhatsApp.")).toContain(
      "TEXT_OTHER_SENDER",
    );
    expect(reasonsOf("Sí, quiero recibir ofertas de Acme Coffee y Beta Café por WhatsApp.")).toContain(
      "TEXT_OTHER_SENDER",
    );
  });

  it("after 'and', marketing words, numbers, WhatsApp or the brand again name no one else", () => {
    expect(reasonsOf("Yes, send me offers from Acme Coffee and the latest news on WhatsApp.")).toEqual([]);
    expect(reasonsOf("Yes, send me offers from Acme Coffee and promotions on WhatsApp.")).toEqual([]);
    expect(reasonsOf("Yes, send me offers from Acme Coffee and 20% off on WhatsApp.")).toEqual([]);
    expect(reasonsOf("Yes, send me offers from Acme Coffee and WhatsApp news.")).toEqual([]);
    expect(reasonsOf("Yes, send me news from Acme Coffee and Acme Coffee offers on WhatsApp.")).toEqual([]);
    expect(reasonsOf("Yes, send me offers from Acme Coffee and WhatsApp stickers.")).toEqual([]);
  });

  it("the brand again at the start of a longer name ('Acme Coffee Roasters') is another sender", () => {
    expect(reasonsOf("Yes, send me offers from Acme Coffee and Acme Coffee Roasters on WhatsApp.")).toContain(
      "TEXT_OTHER_SENDER",
    );
    expect(reasonsOf("Sí, quiero ofertas de Acme Coffee y Acme Coffee Tostadores por WhatsApp.")).toContain(
      "TEXT_OTHER_SENDER",
    );
    expect(reasonsOf("Yes, send me offers from Acme Coffee and Acme Coffee on WhatsApp.")).toEqual([]);
    // The brand again with nothing after it, or with a word that starts with WhatsApp.
    expect(reasonsOf("Yes, send me WhatsApp offers from Acme Coffee and only Acme Coffee")).toEqual([]);
    expect(reasonsOf("Yes, send me offers from Acme Coffee and Acme Coffee WhatsApp-only deals.")).toEqual(
      [],
    );
    expect(reasonsOf("Yes, send me offers from Acme Coffee and the Acme Coffee store on WhatsApp.")).toEqual(
      [],
    );
  });

  it("after 'and', frequent words are skipped: a number or nothing after them names no one else", () => {
    expect(reasonsOf("Yes, send me offers from Acme Coffee and all 3 shops on WhatsApp.")).toEqual([]);
    expect(
      reasonsOf("Yes, send me offers on WhatsApp from Acme Coffee and more for you every week."),
    ).toEqual([]);
  });

  it("a name that only contains a digit ('B2 Bikes') is a name, after 'and' or 'from'", () => {
    expect(reasonsOf("Yes, send me offers from Acme Coffee and B2 Bikes on WhatsApp.")).toContain(
      "TEXT_OTHER_SENDER",
    );
    expect(reasonsOf("Yes, send me offers from Acme Coffee on WhatsApp from B2 Bikes.")).toContain(
      "TEXT_OTHER_SENDER",
    );
  });

  it("a wording cut off after 'from the' names no sender", () => {
    expect(reasonsOf("Yes, send me offers from Acme Coffee on WhatsApp, straight from the")).toEqual([]);
  });

  it("a name after 'from' or 'de parte de' other than the brand is another sender", () => {
    expect(reasonsOf("Yes, send me offers from Acme Coffee on WhatsApp from Beta.")).toContain(
      "TEXT_OTHER_SENDER",
    );
    expect(reasonsOf("Yes, send me offers from Acme Coffee on WhatsApp from the Beta store.")).toContain(
      "TEXT_OTHER_SENDER",
    );
    expect(reasonsOf("Sí, quiero recibir ofertas de Acme Coffee por WhatsApp de parte de Beta.")).toContain(
      "TEXT_OTHER_SENDER",
    );
  });

  it("'from' followed by the brand (after an article), a time or a number names no other sender", () => {
    expect(reasonsOf("Yes, send me offers on WhatsApp from the Acme Coffee team.")).toEqual([]);
    expect(reasonsOf("Yes, send me offers from Acme Coffee on WhatsApp from now on.")).toEqual([]);
    expect(reasonsOf("Yes, send me offers from Acme Coffee on WhatsApp from 9 to 5.")).toEqual([]);
  });
});
