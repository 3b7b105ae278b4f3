/**
 * What the checkout extension may send, and which store its session token
 * names. A body the schema lets through is recorded as the shopper's
 * choice, and `dest` decides whose ledger it goes to: both are pinned here.
 */
import { describe, expect, it } from "vitest";
import { CheckoutOptIn, shopOfToken } from "./checkout-capture.server";

const body = (overrides: Record<string, unknown> = {}) => ({
  eventId: "0b6f1c1e-2f4d-4c3b-9a57-5a1f0c9e7d21",
  consent: true,
  phone: "+1 415 555 2671",
  target: "thank_you",
  ...overrides,
});

const refusal = (value: unknown) => {
  const parsed = CheckoutOptIn.safeParse(value);
  return parsed.success
    ? "accepted"
    : { field: parsed.error.issues[0]?.path.join("."), message: parsed.error.issues[0]?.message };
};

describe("the checkout capture request", () => {
  it("keeps the shopper's choice exactly: an unticked box is consent false, not a refusal", () => {
    expect(CheckoutOptIn.parse(body({ consent: false })).consent).toBe(false);
    expect(CheckoutOptIn.parse(body()).consent).toBe(true);
    for (const consent of ["false", 0, null, undefined]) {
      expect(refusal(body({ consent }))).toMatchObject({ field: "consent" });
    }
  });

  it("trims the phone and wording, upper-cases the country", () => {
    expect(
      CheckoutOptIn.parse(
        body({
          phone: " 415 555 2671 ",
          consentText: "  Yes  ",
          country: "us",
          orderId: "1",
          checkoutToken: "t",
        }),
      ),
    ).toEqual({
      eventId: "0b6f1c1e-2f4d-4c3b-9a57-5a1f0c9e7d21",
      consent: true,
      phone: "415 555 2671",
      consentText: "Yes",
      country: "US",
      target: "thank_you",
      orderId: "1",
      checkoutToken: "t",
    });
  });

  it("refuses a phone under 3 or over 40 characters, a bad event id, country or target", () => {
    expect(refusal(body({ phone: " 12 " }))).toEqual({
      field: "phone",
      message: "A phone number is needed.",
    });
    expect(refusal(body({ phone: "123" }))).toBe("accepted");
    expect(refusal(body({ phone: "1".repeat(40) }))).toBe("accepted");
    expect(refusal(body({ phone: "1".repeat(41) }))).toMatchObject({ field: "phone" });
    expect(refusal(body({ eventId: "1" }))).toEqual({
      field: "eventId",
      message: "eventId must be a UUID made by the extension",
    });
    for (const country of ["USA", "U", "U1", " us"])
      expect(refusal(body({ country }))).toMatchObject({ field: "country" });
    expect(refusal(body({ target: "storefront_block" }))).toMatchObject({ field: "target" });
    expect(CheckoutOptIn.parse(body({ target: "checkout" })).target).toBe("checkout");
  });

  it("bounds the wording (2,000), the checkout token and the order id (200 each)", () => {
    expect(
      refusal(
        body({ consentText: "x".repeat(2000), checkoutToken: "t".repeat(200), orderId: "o".repeat(200) }),
      ),
    ).toBe("accepted");
    expect(refusal(body({ consentText: "x".repeat(2001) }))).toMatchObject({ field: "consentText" });
    expect(refusal(body({ checkoutToken: "t".repeat(201) }))).toMatchObject({ field: "checkoutToken" });
    expect(refusal(body({ orderId: "o".repeat(201) }))).toMatchObject({ field: "orderId" });
  });
});

describe("the store a checkout session token names", () => {
  it("is the host of a dest that is exactly https://<shop>.myshopify.com", () => {
    expect(shopOfToken("https://acme-coffee.myshopify.com")).toBe("acme-coffee.myshopify.com");
    expect(shopOfToken("https://0-shop.myshopify.com")).toBe("0-shop.myshopify.com");
  });

  it.each([
    "https://acme-coffee.myshopify.com/",
    "https://acme-coffee.myshopify.com.evil.example",
    "https://evil.example/https://acme-coffee.myshopify.com",
    " https://acme-coffee.myshopify.com",
    "https://-acme.myshopify.com",
    "https://acme_coffee.myshopify.com",
    "https://acme.coffee.myshopify.com",
    "https://acmeXmyshopify.com",
    "https://.myshopify.com",
    "http://acme-coffee.myshopify.com",
  ])("no store for %s", (dest) => {
    expect(shopOfToken(dest)).toBeNull();
  });

  it("no store when dest is not a string", () => {
    for (const dest of [undefined, null, 42, ["https://acme-coffee.myshopify.com"]])
      expect(shopOfToken(dest)).toBeNull();
  });
});
