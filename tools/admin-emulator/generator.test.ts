import { isValidPhoneNumber, parsePhoneNumberFromString } from "libphonenumber-js/max";
import { describe, expect, it } from "vitest";
import { DEFAULT_MIX, generateCustomers } from "./generator";
import { PHONE_TEMPLATES } from "./generator-data";

const share = (n: number, total: number) => n / total;

describe("generateCustomers", () => {
  it("gives the same customers for the same seed, and others for another seed", () => {
    const a = generateCustomers({ count: 3000, seed: 42 });
    const b = generateCustomers({ count: 3000, seed: 42 });
    const c = generateCustomers({ count: 3000, seed: 43 });
    expect(b).toEqual(a);
    expect(c.map((x) => x.phone)).not.toEqual(a.map((x) => x.phone));
    // ids grow strictly, so the store can binary-search them
    expect(a.every((x, i) => i === 0 || x.id > (a[i - 1]?.id ?? 0))).toBe(true);
  });

  it("follows the default mix of phones and consent states", () => {
    const total = 40_000;
    const customers = generateCustomers({ count: total, seed: 7 });
    const withPhone = customers.filter((c) => c.phone !== null);
    const withEmail = customers.filter((c) => c.email !== null);
    expect(share(total - withPhone.length, total)).toBeCloseTo(DEFAULT_MIX.phone.missing, 1);
    expect(share(total - withEmail.length, total)).toBeCloseTo(DEFAULT_MIX.missingEmail, 1);
    const wa = withPhone.filter((c) => c.waState === "SUBSCRIBED").length;
    expect(Math.abs(share(wa, withPhone.length) - DEFAULT_MIX.whatsApp.SUBSCRIBED)).toBeLessThan(0.01);
    const sms = withPhone.filter((c) => c.smsState === "SUBSCRIBED").length;
    expect(Math.abs(share(sms, withPhone.length) - DEFAULT_MIX.sms.SUBSCRIBED)).toBeLessThan(0.015);
    const email = withEmail.filter((c) => c.emailState === "SUBSCRIBED").length;
    expect(Math.abs(share(email, withEmail.length) - DEFAULT_MIX.email.SUBSCRIBED)).toBeLessThan(0.015);
    // customers without a phone have no SMS/WhatsApp consent at all
    expect(
      customers.filter((c) => !c.phone && (c.waState !== "NEVER_SUBSCRIBED" || c.smsAt !== null)),
    ).toEqual([]);
    // subscribed consents carry a time and an opt-in level, like Shopify's
    const subscribed = withPhone.filter((c) => c.waState === "SUBSCRIBED");
    expect(subscribed.every((c) => c.waAt !== null && c.waOptIn !== null && c.waFrom !== null)).toBe(true);
    // WhatsApp SUBSCRIBED customers exist without anything that proves it
    expect(subscribed.length).toBeGreaterThan(100);
  });

  it("makes malformed, national, duplicated and non-Latin data on purpose", () => {
    const customers = generateCustomers({ count: 20_000, seed: 3 });
    const phones = customers.flatMap((c) => (c.phone ? [c.phone] : []));
    expect(phones.filter((p) => !p.startsWith("+")).length).toBeGreaterThan(1000);
    expect(phones.filter((p) => !isValidPhoneNumber(p, "US") && !p.startsWith("+")).length).toBeGreaterThan(
      0,
    );
    const e164 = new Map<string, number>();
    for (const c of customers) {
      const parsed = c.phone ? parsePhoneNumberFromString(c.phone, (c.country ?? "US") as "US") : undefined;
      if (parsed?.isValid()) e164.set(parsed.number, (e164.get(parsed.number) ?? 0) + 1);
    }
    expect([...e164.values()].filter((n) => n > 1).length).toBeGreaterThan(50);
    expect(customers.some((c) => /[^\p{Script=Latin}\s'.-]/u.test(c.firstName ?? ""))).toBe(true);
    expect(new Set(customers.map((c) => c.locale)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(customers.map((c) => c.country)).size).toBeGreaterThanOrEqual(20);
    expect(customers.some((c) => c.tags.includes("whatsapp-optin") && c.waState !== "SUBSCRIBED")).toBe(true);
  });

  it("writes E.164 and national phones that libphonenumber accepts and that agree", () => {
    const e164 = generateCustomers({ count: 3000, seed: 9, mix: { phone: { e164: 1 }, duplicatePhone: 0 } });
    expect(e164.filter((c) => !isValidPhoneNumber(c.phone ?? "")).map((c) => c.phone)).toEqual([]);
    const national = generateCustomers({
      count: 3000,
      seed: 9,
      mix: { phone: { national: 1 }, duplicatePhone: 0 },
    });
    const bad = national.filter(
      (c) => !parsePhoneNumberFromString(c.phone ?? "", c.country as "US")?.isValid(),
    );
    expect(bad.map((c) => [c.phone, c.country])).toEqual([]);
    expect(new Set(PHONE_TEMPLATES.map((t) => t.country)).size).toBeGreaterThanOrEqual(25);
  });

  it("lets a mix replace a channel's distribution", () => {
    const all = generateCustomers({
      count: 2000,
      seed: 5,
      mix: { phone: { e164: 1 }, whatsApp: { SUBSCRIBED: 1 }, confirmedOptIn: 1 },
    });
    expect(all.every((c) => c.phone && c.waState === "SUBSCRIBED")).toBe(true);
    expect(all.filter((c) => c.waOptIn === "CONFIRMED_OPT_IN").length).toBe(2000);
  });

  it("generates a million customers in a few seconds", () => {
    const started = performance.now();
    const customers = generateCustomers({ count: 1_000_000, seed: 1 });
    const seconds = (performance.now() - started) / 1000;
    expect(customers.length).toBe(1_000_000);
    expect(new Set(customers.slice(0, 50_000).map((c) => c.email)).size).toBeGreaterThan(47_000);
    expect(seconds).toBeLessThan(20);
  });
});
