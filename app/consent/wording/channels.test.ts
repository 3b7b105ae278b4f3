/**
 * A channel no word list knows, named beside WhatsApp: read on the folded,
 * lower-case sentence the judge passes in. Made-up names ("zapchat") stand
 * for the apps a list cannot foresee.
 */
import { describe, expect, it } from "vitest";
import { namesChannelBesideWhatsApp } from "./channels";
import { BRAND } from "./lexicon";

describe("a name joined to WhatsApp", () => {
  it.each([
    "send me offers on whatsapp and zapchat",
    "send me offers on whatsapp/zapchat",
    "send me offers on whatsapp + zapchat",
    "send me offers on whatsapp & (zapchat)",
    "send me offers on whatsapp or on my zapchat",
    "send me offers on whatsapp business and zapchat",
    "send me offers on zapchat or whatsapp",
    "send me offers via the zapchat app and whatsapp",
    "send me offers on zapchat, whatsapp",
    "send me offers on whatsapp, zapchat",
    "send me offers on whatsapp, zapchat.",
    "send me offers on whatsapp, zapchat; every day",
    "send me offers on whatsapp, zapchat and more",
    "send me offers on whatsapp, zapchat or nothing",
    "send me offers on whatsapp and zap2go",
    "send me offers in the app or whatsapp",
    // Punctuation standing apart, or a name that ends a list item after an article.
    "send me offers on whatsapp and ( zapchat )",
    "send me offers on whatsapp, my zapchat.",
  ])("is another channel: %s", (sentence) => {
    expect(namesChannelBesideWhatsApp(sentence)).toBe(true);
  });

  it.each([
    "send me offers on whatsapp, freshly roasted every week",
    "send me offers on whatsapp, including new arrivals",
    "send me offers on whatsapp and enterarme de novedades",
    "send me offers on whatsapp and whatsapp-web",
    "send me offers on whatsapp and 24 hours a day",
    `send me offers on whatsapp and ${BRAND} news`,
    "send me offers on whatsapp and offers",
    "send me offers on whatsapp",
    // Marks around a word do not hide what it is: a number, a frequent word.
    "send me offers on whatsapp and **24/7** support",
    "send me offers on whatsapp and more!!",
    // A marketing word keeps its hyphen or its elided article ("pre-sale", "l'offerta").
    "send me offers on whatsapp and pre-sale news",
    "ricevi offerte su whatsapp e l'offerta del giorno",
    // A second thing to do, opened by an imperative, however many marks stand before it.
    "send me offers on whatsapp and join the news",
    "send me offers on whatsapp and (join the news)",
    "send me offers on whatsapp and ((join the news))",
    // Only words that lead to a name, and nothing after them.
    "send me offers on whatsapp, too.",
    "send me offers on whatsapp and on the",
    // A dot inside a word ("e.g", its own dot taken off with the sentence cut) ends no list item.
    "send me offers on whatsapp, e.g new arrivals",
  ])("is not: %s", (sentence) => {
    expect(namesChannelBesideWhatsApp(sentence)).toBe(false);
  });
});
