import { describe, expect, it } from "vitest";
import { consentChanges, snapshotFromGraphql, snapshotFromWebhook } from "./customer-snapshot";

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

  it("reads a customers/update webhook payload", () => {
    const result = snapshotFromWebhook({
      id: 42,
      email: "lucia@example.com",
      first_name: "Lucía",
      last_name: null,
      phone: "+34612345678",
      updated_at: "2026-06-01T12:00:00+02:00",
      email_marketing_consent: {
        state: "unsubscribed",
        opt_in_level: "single_opt_in",
        consent_updated_at: "2026-06-01T12:00:00+02:00",
      },
      sms_marketing_consent: null,
    });
    expect(result).toMatchObject({
      ok: true,
      snapshot: {
        customerId: "42",
        consent: { email: { state: "UNSUBSCRIBED" }, sms: null, whatsapp: null },
      },
    });
    if (result.ok) expect(result.snapshot.updatedAt.toISOString()).toBe("2026-06-01T10:00:00.000Z");
  });

  it.each([
    [{ ...node, id: "42" }, "id"],
    [{ ...node, updatedAt: "yesterday" }, "updatedAt"],
  ])("rejects a malformed node with the field named", (bad, field) => {
    const result = snapshotFromGraphql(bad);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(field);
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
        whatsapp: { state: "NOT_SUBSCRIBED", optInLevel: null, updatedAt: null, collectedFrom: null },
      },
    };
    expect(
      consentChanges({ email: "SUBSCRIBED", sms: "NOT_SUBSCRIBED", whatsapp: "SUBSCRIBED" }, withdrawn),
    ).toMatchObject([{ channel: "whatsapp", action: "opt_out" }]);
  });
});
