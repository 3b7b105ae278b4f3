import { describe, expect, it } from "vitest";
import {
  consentChanges,
  snapshotFromConsentPayload,
  snapshotFromCustomerPayload,
  snapshotFromGraphql,
} from "./customer-snapshot";

const node = {
  id: "gid://shopify/Customer/42",
  firstName: "Lucía",
  lastName: "García",
  updatedAt: "2026-06-01T10:00:00Z",
  defaultEmailAddress: {
    emailAddress: "lucia@example.com",
    marketingState: "SUBSCRIBED",
    marketingOptInLevel: "SINGLE_OPT_IN",
    marketingUpdatedAt: "2026-05-01T10:00:00Z",
  },
  defaultPhoneNumber: {
    phoneNumber: "+34612345678",
    smsMarketingConsent: { state: "NOT_SUBSCRIBED", optInLevel: null, updatedAt: null, collectedFrom: null },
    whatsAppMarketingConsent: {
      state: "SUBSCRIBED",
      optInLevel: "CONFIRMED_OPT_IN",
      updatedAt: "2026-05-20T08:00:00Z",
      collectedFrom: "OTHER",
    },
  },
  defaultAddress: { countryCodeV2: "ES" },
};

describe("customer snapshots", () => {
  it("reads a GraphQL customer node", () => {
    const result = snapshotFromGraphql(node);
    expect(result).toMatchObject({
      ok: true,
      snapshot: {
        customerId: "42",
        email: "lucia@example.com",
        phone: "+34612345678",
        country: "ES",
        consent: {
          email: { state: "SUBSCRIBED" },
          sms: { state: "NOT_SUBSCRIBED" },
          whatsapp: { state: "SUBSCRIBED", optInLevel: "CONFIRMED_OPT_IN", collectedFrom: "OTHER" },
        },
      },
    });
  });

  it("reads a customers/update payload as the person only: consent is not sent there", () => {
    const result = snapshotFromCustomerPayload({
      id: "706405506930370084",
      email: "lucia@example.com",
      first_name: "Lucía",
      last_name: null,
      phone: "+34612345678",
      updated_at: "2026-06-01T12:00:00+02:00",
      // A payload from before API 2025-01: these keys are ignored, never read as consent.
      email_marketing_consent: { state: "subscribed", opt_in_level: "single_opt_in" },
    });
    expect(result).toMatchObject({
      ok: true,
      snapshot: { customerId: "706405506930370084", lastName: null, consent: {} },
    });
    if (!result.ok) return;
    expect(result.snapshot.updatedAt?.toISOString()).toBe("2026-06-01T10:00:00.000Z");
    // No default_address key: the country was not sent (undefined), not erased (null).
    expect("country" in result.snapshot && result.snapshot.country !== undefined).toBe(false);
  });

  it("reads each consent topic into that channel alone, with the address it names", () => {
    const whatsapp = snapshotFromConsentPayload("customers_whats_app_marketing_consent/update", {
      customer_id: "706405506930370084",
      phone_number: "+34612345678",
      whats_app_marketing_consent: {
        state: "subscribed",
        opt_in_level: "confirmed_opt_in",
        updated_at: "2026-06-02T08:00:00Z",
        collected_from: "other",
      },
    });
    expect(whatsapp).toEqual({
      ok: true,
      snapshot: {
        customerId: "706405506930370084",
        phone: "+34612345678",
        updatedAt: null,
        consent: {
          whatsapp: {
            state: "SUBSCRIBED",
            optInLevel: "CONFIRMED_OPT_IN",
            updatedAt: new Date("2026-06-02T08:00:00Z"),
            collectedFrom: "OTHER",
          },
        },
      },
    });
    const sms = snapshotFromConsentPayload("customers_marketing_consent/update", {
      id: 42,
      phone: null,
      sms_marketing_consent: {
        state: null,
        opt_in_level: null,
        consent_updated_at: null,
        consent_collected_from: "other",
      },
    });
    // shopify.dev's sample: a null state and a null phone say nothing at all.
    expect(sms).toEqual({ ok: true, snapshot: { customerId: "42", updatedAt: null, consent: {} } });
    const email = snapshotFromConsentPayload("customers_email_marketing_consent/update", {
      customer_id: 42,
      email_address: "bob@biller.com",
      email_marketing_consent: { state: "not_subscribed", opt_in_level: null, consent_updated_at: null },
    });
    expect(email).toMatchObject({
      ok: true,
      snapshot: { email: "bob@biller.com", consent: { email: { state: "NOT_SUBSCRIBED" } } },
    });
    if (email.ok) expect(Object.keys(email.snapshot.consent)).toEqual(["email"]);
  });

  it("refuses an id that lost its precision as a JS number", () => {
    // What a plain JSON.parse makes of a 64-bit id: a different number.
    const result = snapshotFromCustomerPayload(
      JSON.parse('{"id":706405506930370084,"updated_at":"2026-06-01T10:00:00Z"}'),
    );
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining("precision") });
  });

  it.each([
    [{ ...node, id: "42" }, "id"],
    [{ ...node, updatedAt: "yesterday" }, "updatedAt"],
  ])("rejects a malformed node with the field named", (bad, field) => {
    const result = snapshotFromGraphql(bad);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(field);
  });

  it("turns a channel that was not sent into no event", () => {
    const onlyEmail = { customerId: "42", updatedAt: null, consent: { email: null } };
    expect(
      consentChanges({ email: "SUBSCRIBED", sms: "SUBSCRIBED", whatsapp: "SUBSCRIBED" }, onlyEmail),
    ).toEqual([]);
  });

  it("turns only changes of state into consent events", () => {
    const parsed = snapshotFromGraphql(node);
    if (!parsed.ok) throw new Error(parsed.error);
    const first = consentChanges({ email: null, sms: null, whatsapp: null }, parsed.snapshot);
    expect(first.map((change) => [change.channel, change.action, change.optInLevel])).toEqual([
      ["whatsapp", "opt_in", "confirmed"],
      ["email", "opt_in", "single"],
    ]);
    expect(
      consentChanges({ email: "SUBSCRIBED", sms: "NOT_SUBSCRIBED", whatsapp: "SUBSCRIBED" }, parsed.snapshot),
    ).toEqual([]);
    const withdrawn = {
      ...parsed.snapshot,
      consent: {
        ...parsed.snapshot.consent,
        whatsapp: { state: "NEVER_SUBSCRIBED", optInLevel: null, updatedAt: null, collectedFrom: null },
      },
    };
    expect(
      consentChanges({ email: "SUBSCRIBED", sms: "NOT_SUBSCRIBED", whatsapp: "SUBSCRIBED" }, withdrawn),
    ).toMatchObject([{ channel: "whatsapp", action: "opt_out" }]);
  });
});
