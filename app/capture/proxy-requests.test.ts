/**
 * What the storefront form may send through the App Proxy. A request the
 * schema lets through is recorded as consent, so every bound is pinned here:
 * an opt-in needs the ticked box and the exact wording shown; anything
 * malformed is refused with a sentence naming what is wrong.
 */
import { describe, expect, it } from "vitest";
import { ProxyOptIn, ProxyOptOut } from "./proxy-requests";

const EVENT_ID = "0b6f1c1e-2f4d-4c3b-9a57-5a1f0c9e7d21";

const optIn = (overrides: Record<string, unknown> = {}) => ({
  eventId: EVENT_ID,
  phone: "612 34 56 78",
  consent: true,
  consentText: "Send me offers from Acme Coffee on WhatsApp. Reply STOP to stop.",
  source: "storefront_block",
  pageUrl: "https://acme-coffee.example/pages/whatsapp",
  ...overrides,
});

const optOut = (overrides: Record<string, unknown> = {}) => ({
  eventId: EVENT_ID,
  phone: "612 34 56 78",
  confirm: true,
  pageUrl: "https://acme-coffee.example/pages/stop",
  ...overrides,
});

/** The refusal's message and the field it names, or "accepted". */
function verdict(schema: typeof ProxyOptIn | typeof ProxyOptOut, body: unknown) {
  const parsed = schema.safeParse(body);
  if (parsed.success) return "accepted";
  const issue = parsed.error.issues[0];
  return { field: issue?.path.join("."), message: issue?.message };
}

describe("the storefront opt-in request", () => {
  it("accepts a complete opt-in, trims the phone and wording, upper-cases the country and fills the block id", () => {
    const parsed = ProxyOptIn.parse(
      optIn({ phone: "  612 34 56 78 ", consentText: "  Yes, WhatsApp offers.  ", country: "es" }),
    );
    expect(parsed).toEqual({
      eventId: EVENT_ID,
      phone: "612 34 56 78",
      country: "ES",
      consent: true,
      consentText: "Yes, WhatsApp offers.",
      source: "storefront_block",
      blockId: "",
      pageUrl: "https://acme-coffee.example/pages/whatsapp",
    });
  });

  it("an unticked box is refused with a sentence saying nothing was recorded", () => {
    for (const consent of [false, "true", 1, undefined]) {
      expect(verdict(ProxyOptIn, optIn({ consent }))).toEqual({
        field: "consent",
        message: "The box was not ticked: nothing was recorded.",
      });
    }
  });

  it("an opt-in needs the wording shown (not empty, not only spaces, at most 2,000 characters)", () => {
    expect(verdict(ProxyOptIn, optIn({ consentText: "   " }))).toEqual({
      field: "consentText",
      message: "consentText is required",
    });
    expect(verdict(ProxyOptIn, optIn({ consentText: undefined }))).toMatchObject({ field: "consentText" });
    expect(verdict(ProxyOptIn, optIn({ consentText: "x".repeat(2000) }))).toBe("accepted");
    expect(verdict(ProxyOptIn, optIn({ consentText: "x".repeat(2001) }))).toMatchObject({
      field: "consentText",
    });
  });

  it("the phone must have 3 to 40 characters once trimmed, each bound with its own sentence", () => {
    expect(verdict(ProxyOptIn, optIn({ phone: " 12 " }))).toEqual({
      field: "phone",
      message: "Enter your phone number.",
    });
    expect(verdict(ProxyOptIn, optIn({ phone: "123" }))).toBe("accepted");
    expect(verdict(ProxyOptIn, optIn({ phone: "1".repeat(40) }))).toBe("accepted");
    expect(verdict(ProxyOptIn, optIn({ phone: "1".repeat(41) }))).toEqual({
      field: "phone",
      message: "That phone number is too long.",
    });
  });

  it("the event id must be a UUID, so that a retry is recognised and nothing else collides", () => {
    expect(verdict(ProxyOptIn, optIn({ eventId: "event-1" }))).toEqual({
      field: "eventId",
      message: "eventId must be a UUID made by the page",
    });
  });

  it("the country is two letters or absent", () => {
    expect(verdict(ProxyOptIn, optIn({ country: "ESP" }))).toEqual({
      field: "country",
      message: "country must be a two-letter code",
    });
    for (const country of ["E", "E1", " es", "es ", "e\ns"]) {
      expect(verdict(ProxyOptIn, optIn({ country }))).toMatchObject({ field: "country" });
    }
    expect(ProxyOptIn.parse(optIn()).country).toBeUndefined();
  });

  it("the page URL must be a URL of at most 2,000 characters", () => {
    expect(verdict(ProxyOptIn, optIn({ pageUrl: "not a url" }))).toEqual({
      field: "pageUrl",
      message: "pageUrl must be the page's URL",
    });
    const base = "https://acme-coffee.example/";
    expect(verdict(ProxyOptIn, optIn({ pageUrl: base + "p".repeat(2000 - base.length) }))).toBe("accepted");
    expect(verdict(ProxyOptIn, optIn({ pageUrl: base + "p".repeat(2001 - base.length) }))).toMatchObject({
      field: "pageUrl",
    });
  });

  it("the block id and locale are bounded (200 and 35 characters) and kept as sent", () => {
    expect(ProxyOptIn.parse(optIn({ blockId: "b".repeat(200), locale: "l".repeat(35) }))).toMatchObject({
      blockId: "b".repeat(200),
      locale: "l".repeat(35),
    });
    expect(verdict(ProxyOptIn, optIn({ blockId: "b".repeat(201) }))).toMatchObject({ field: "blockId" });
    expect(verdict(ProxyOptIn, optIn({ locale: "l".repeat(36) }))).toMatchObject({ field: "locale" });
  });

  it("the source is one of the two storefront forms, and an opt-in must say which", () => {
    expect(ProxyOptIn.parse(optIn({ source: "storefront_embed" })).source).toBe("storefront_embed");
    expect(verdict(ProxyOptIn, optIn({ source: "checkout" }))).toMatchObject({ field: "source" });
    expect(verdict(ProxyOptIn, optIn({ source: undefined }))).toMatchObject({ field: "source" });
  });
});

describe("the storefront opt-out request", () => {
  it("accepts a confirmed opt-out, from the block unless it says the embed", () => {
    expect(ProxyOptOut.parse(optOut())).toEqual({
      eventId: EVENT_ID,
      phone: "612 34 56 78",
      confirm: true,
      source: "storefront_block",
      blockId: "",
      pageUrl: "https://acme-coffee.example/pages/stop",
    });
    expect(ProxyOptOut.parse(optOut({ source: "storefront_embed" })).source).toBe("storefront_embed");
    expect(verdict(ProxyOptOut, optOut({ source: "thank_you" }))).toMatchObject({ field: "source" });
  });

  it("an opt-out without the confirmation box is refused with a sentence saying what to tick", () => {
    expect(verdict(ProxyOptOut, optOut({ confirm: false }))).toEqual({
      field: "confirm",
      message: "Tick the box to confirm you want to stop WhatsApp messages.",
    });
  });

  it("shares the opt-in's bounds on the phone", () => {
    expect(verdict(ProxyOptOut, optOut({ phone: "12" }))).toMatchObject({ field: "phone" });
  });
});
