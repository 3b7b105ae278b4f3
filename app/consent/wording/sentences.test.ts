/**
 * Sentences (./sentences): WhatsApp, the brand, a marketing purpose and the
 * shopper's yes must stand in one sentence; harmless lines are set aside,
 * and a question or an agreement to something else is never consent.
 */
import { describe, expect, it } from "vitest";
import { analyzeConsentText } from "../consent-text";
import { readSentence, sentencesOf } from "./sentences";

const reasonsOf = (text: string, brand = "Acme Coffee") => analyzeConsentText(text, brand).reasons;

describe("cutting a wording into sentences", () => {
  it("WhatsApp and the brand in two sentences, or two parts cut by ';', ' - ', '•' or '|', are not one statement", () => {
    for (const text of [
      "Send me offers on WhatsApp. Acme Coffee.",
      "Send me offers on WhatsApp; from Acme Coffee",
      "Send me offers on WhatsApp - from Acme Coffee",
      "Send me offers on WhatsApp • from Acme Coffee",
      "Send me offers on WhatsApp | from Acme Coffee",
    ])
      expect(reasonsOf(text), text).toContain("TEXT_NOT_ONE_STATEMENT");
  });

  it("the dot of an abbreviation ('e.g.', 'i.e.') does not end the statement", () => {
    expect(reasonsOf("Yes, send me offers, e.g. new arrivals, from Acme Coffee on WhatsApp.")).toEqual([]);
    expect(reasonsOf("Yes, send me news, i.e. deals, from Acme Coffee on WhatsApp.")).toEqual([]);
  });

  it("'Yes!' on its own opens the statement after it, never one before it", () => {
    expect(reasonsOf("Yes! Offers from Acme Coffee on WhatsApp.")).toEqual([]);
    expect(reasonsOf("Offers from Acme Coffee on WhatsApp. Yes!")).toContain("TEXT_NOT_CONSENT");
  });

  it("a lone 'Yes!' still opens the statement when a dash stands between them", () => {
    expect(reasonsOf("Yes! - Offers from Acme Coffee on WhatsApp.")).toEqual([]);
  });

  it("leading punctuation does not hide the opening verb", () => {
    expect(reasonsOf("...Send me offers from Acme Coffee on WhatsApp.")).toEqual([]);
    expect(reasonsOf("¡Sí, quiero recibir ofertas de Acme Coffee por WhatsApp!")).toEqual([]);
  });
});

describe("reading a sentence", () => {
  it("a statement of offers without anyone's yes is not consent", () => {
    expect(reasonsOf("Offers from Acme Coffee on WhatsApp.")).toContain("TEXT_NOT_CONSENT");
  });

  it("a question is not consent, even with its own 'send me'", () => {
    expect(reasonsOf("Send me offers from Acme Coffee on WhatsApp?")).toContain("TEXT_NOT_CONSENT");
    expect(reasonsOf("¿Quieres recibir ofertas de Acme Coffee por WhatsApp?")).toContain("TEXT_NOT_CONSENT");
  });

  it("an opening verb after a colon or a bracket still says yes", () => {
    expect(reasonsOf("Great news: get offers from Acme Coffee on WhatsApp.")).toEqual([]);
    expect(reasonsOf("Great news (get offers from Acme Coffee on WhatsApp)")).toEqual([]);
    expect(reasonsOf('Great news: "Get offers from Acme Coffee on WhatsApp"')).toEqual([]);
  });

  it("a checkbox label written as an infinitive says yes, with or without its full stop", () => {
    expect(reasonsOf("Recibir ofertas de Acme Coffee por WhatsApp.")).toEqual([]);
    expect(reasonsOf("Recibir ofertas de Acme Coffee por WhatsApp")).toEqual([]);
  });

  it("a plain pointer to the privacy policy is set aside", () => {
    expect(reasonsOf("Send me offers from Acme Coffee on WhatsApp. See our privacy policy.")).toEqual([]);
  });

  it("a privacy line that agrees to it, or names WhatsApp or the brand, is read, not set aside", () => {
    for (const text of [
      "Send me offers from Acme Coffee on WhatsApp. I agree to the privacy policy.",
      "Send me offers from Acme Coffee on WhatsApp. Privacy policy for WhatsApp.",
      "Send me offers from Acme Coffee on WhatsApp. Acme Coffee privacy policy.",
    ])
      expect(reasonsOf(text), text).not.toEqual([]);
  });

  it("accepting the rules of something else is bundled consent; accepting the offers is not", () => {
    expect(reasonsOf("I accept the rules and send me offers from Acme Coffee on WhatsApp.")).toContain(
      "TEXT_BUNDLED",
    );
    expect(reasonsOf("I accept the offers from Acme Coffee on WhatsApp.")).toEqual([]);
  });
});

describe("the sentences and readings themselves", () => {
  it.each([
    ["yes! send me offers.", ["yes, send me offers."]],
    ["yes. yes! send me offers", ["yes, yes, send me offers"]],
    ["send me offers. yes!", ["send me offers.", "yes"]],
    ["yes!!! send me offers… thanks", ["yes, send me offers…", "thanks"]],
    ["send me offers. ... !!! ok", ["send me offers.", "ok"]],
    ["- send me offers", ["send me offers"]],
    ["-- send me offers", ["send me offers"]],
    ["send me offers ; yes", ["send me offers", "yes"]],
    ["hola.¿quieres ofertas?", ["hola.", "quieres ofertas?"]],
    ["yes,,please! send me offers", ["yes please, send me offers"]],
    ["send me offers. yes! sure!", ["send me offers.", "yes, sure"]],
  ])("%j is cut into %j", (folded, sentences) => {
    expect(sentencesOf(folded)).toEqual(sentences);
  });

  it("sets a plain pointer to the privacy policy aside: nothing of it is left to read", () => {
    expect(readSentence("full details in our privacy notice.").residue).toBe("");
  });

  it("an opening verb after a dash or after several marks starts a clause that says yes", () => {
    expect(readSentence("offers on whatsapp - get them").signal).toBe(true);
    expect(readSentence('great news: "*get offers on whatsapp*"').signal).toBe(true);
  });

  it("reads a sentence with its spaces collapsed", () => {
    expect(readSentence("send  me   offers ").residue).toBe("send me offers");
  });

  it("a sentence ending in a question mark asks, even with spaces after it; one that goes on after it does not", () => {
    expect(readSentence("send me offers on whatsapp?  ").signal).toBe(false);
    expect(readSentence("send me offers? yes").signal).toBe(true);
  });

  it("an infinitive label says yes however many marks end it", () => {
    expect(readSentence("recibir ofertas por whatsapp!!").signal).toBe(true);
    expect(readSentence("recibir ofertas por whatsapp").signal).toBe(true);
    // A German label ends with its verb, so the marks after it are taken off before it is read.
    expect(readSentence("angebote per whatsapp erhalten.").signal).toBe(true);
    expect(readSentence("angebote per whatsapp erhalten!!").signal).toBe(true);
  });
});
