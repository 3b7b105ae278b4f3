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
  ])("is not: %s", (sentence) => {
    expect(namesChannelBesideWhatsApp(sentence)).toBe(false);
  });
});
