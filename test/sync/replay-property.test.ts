/**
 * The property the ledger depends on: replaying any sequence of real-shaped
 * webhooks (customers/create|update, the three consent topics, duplicate
 * deliveries, late ones) and full syncs never appends an event that does not
 * change a consent state, and a payload never changes what it did not carry.
 * Webhooks go through the real route, signed; syncs through the sync's own
 * GraphQL snapshot path.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Channel } from "../../app/consent/types";
import * as webhooksCustomersRoute from "../../app/routes/webhooks.customers";
import { applySnapshots } from "../../app/sync/apply-snapshots.server";
import { snapshotFromGraphql } from "../../app/sync/customer-snapshot";
import { loadTestApp, TEST_SHOP } from "../helpers/app";
import { FUZZ_RUNS } from "../helpers/fuzz";
import { callAction, signedWebhook } from "../helpers/webhooks";
import { big } from "../webhooks/shopify-dev-payloads";

let app: Awaited<ReturnType<typeof loadTestApp>>;
let customersRoute: Parameters<typeof callAction>[0];

beforeAll(async () => {
  app = await loadTestApp();
  await app.db.shop.create({ data: { domain: TEST_SHOP, brandName: "Acme Coffee", defaultCountry: "ES" } });
  customersRoute = webhooksCustomersRoute.action;
});
afterAll(() => app?.cleanup());

const PHONES = ["+34612000001", "+34612000002"] as const;
const EMAILS = ["a@example.com", "b@example.com"] as const;
const BASE = Date.parse("2026-06-01T00:00:00Z");
const time = fc
  .integer({ min: 0, max: 20 })
  .map((minutes) => new Date(BASE + minutes * 60_000).toISOString());
const restState = fc.constantFrom(
  "subscribed",
  "unsubscribed",
  "not_subscribed",
  "never_subscribed",
  "pending",
  null,
);
const graphqlState = fc.constantFrom("SUBSCRIBED", "UNSUBSCRIBED", "NEVER_SUBSCRIBED", "PENDING");

const syncStep = fc.record({
  kind: fc.constant("sync" as const),
  updatedAt: time,
  email: fc.option(
    fc.record({
      address: fc.constantFrom(...EMAILS),
      state: fc.constantFrom("SUBSCRIBED", "UNSUBSCRIBED", "NOT_SUBSCRIBED"),
      at: fc.option(time),
    }),
  ),
  phone: fc.option(
    fc.record({
      number: fc.constantFrom(...PHONES),
      sms: graphqlState,
      whatsapp: graphqlState,
      at: fc.option(time),
    }),
  ),
});
const customerStep = fc.record({
  kind: fc.constant("customer" as const),
  topic: fc.constantFrom("customers/create", "customers/update"),
  updatedAt: time,
  fields: fc.record(
    {
      first_name: fc.constantFrom("Ana", "Eva", null),
      email: fc.constantFrom(...EMAILS, null),
      phone: fc.constantFrom(...PHONES, null),
      default_address: fc.constantFrom({ country_code: "ES" }, null),
    },
    { requiredKeys: [] },
  ),
  repeat: fc.boolean(),
});
const consentStep = fc.record({
  kind: fc.constant("consent" as const),
  channel: fc.constantFrom<Channel>("email", "sms", "whatsapp"),
  state: restState,
  at: fc.option(time),
  address: fc.option(fc.nat({ max: 1 })),
  repeat: fc.boolean(),
});
const step = fc.oneof(syncStep, customerStep, consentStep);
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

const TOPIC: Record<Channel, string> = {
  email: "customers_email_marketing_consent/update",
  sms: "customers_marketing_consent/update",
  whatsapp: "customers_whats_app_marketing_consent/update",
};

function consentPayload(id: string, s: Extract<Step, { kind: "consent" }>) {
  const level = s.state === "subscribed" ? "single_opt_in" : null;
  if (s.channel === "email")
    return {
      customer_id: big(id),
      email_address: s.address === null ? null : EMAILS[s.address],
      email_marketing_consent: { state: s.state, opt_in_level: level, consent_updated_at: s.at },
    };
  const phone = s.address === null ? null : PHONES[s.address];
  if (s.channel === "sms")
    return {
      id: big(id),
      phone,
      sms_marketing_consent: {
        state: s.state,
        opt_in_level: level,
        consent_updated_at: s.at,
        consent_collected_from: "other",
      },
    };
  return {
    customer_id: big(id),
    phone_number: phone,
    whats_app_marketing_consent: {
      state: s.state,
      opt_in_level: level,
      updated_at: s.at,
      collected_from: "other",
    },
  };
}

const syncNode = (id: string, s: Extract<Step, { kind: "sync" }>) => ({
  id: `gid://shopify/Customer/${id}`,
  firstName: "Ana",
  lastName: null,
  updatedAt: s.updatedAt,
  defaultEmailAddress: s.email
    ? {
        emailAddress: s.email.address,
        marketingState: s.email.state,
        marketingOptInLevel: null,
        marketingUpdatedAt: s.email.at,
      }
    : null,
  defaultPhoneNumber: s.phone
    ? {
        phoneNumber: s.phone.number,
        smsMarketingConsent: {
          state: s.phone.sms,
          optInLevel: null,
          updatedAt: s.phone.at,
          collectedFrom: "OTHER",
        },
        whatsAppMarketingConsent: {
          state: s.phone.whatsapp,
          optInLevel: "SINGLE_OPT_IN",
          updatedAt: s.phone.at,
          collectedFrom: "OTHER",
        },
      }
    : null,
  defaultAddress: { countryCodeV2: "ES" },
});

const CHANNELS: Channel[] = ["email", "sms", "whatsapp"];
interface Delivery {
  topic: string;
  payload: unknown;
  webhookId: string;
}
let run = 0;
const seen = { eventSteps: 0, quietSteps: 0 };

async function states(id: string) {
  const contact = await app.db.contact.findFirst({ where: { shop: TEST_SHOP, shopifyCustomerId: id } });
  return {
    id: contact?.id ?? null,
    email: contact?.shopifyEmailState ?? null,
    sms: contact?.shopifySmsState ?? null,
    whatsapp: contact?.shopifyWhatsAppState ?? null,
  };
}

async function eventCounts(contactId: string | null) {
  const counts: Record<Channel, number> = { email: 0, sms: 0, whatsapp: 0 };
  if (!contactId) return counts;
  for (const row of await app.db.consentEvent.groupBy({
    by: ["channel"],
    where: { contactId },
    _count: true,
  }))
    counts[row.channel as Channel] = row._count;
  return counts;
}

describe("replaying webhooks and syncs", () => {
  it("never appends an event that does not change a consent state, nor changes what a payload did not carry", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        run += 1;
        const id = (9_100_000_000_000_000_000n + BigInt(run)).toString();
        let last: Delivery | null = null;
        for (const [index, s] of steps.entries()) {
          const before = await states(id);
          const eventsBefore = await eventCounts(before.id);
          const repeated: boolean = s.kind !== "sync" && s.repeat && last !== null;
          if (s.kind === "sync") {
            const parsed = snapshotFromGraphql(syncNode(id, s));
            if (!parsed.ok) throw new Error(parsed.error);
            await applySnapshots(app.db, TEST_SHOP, [parsed.snapshot]);
          } else {
            const delivery: Delivery =
              repeated && last
                ? last
                : s.kind === "customer"
                  ? {
                      topic: s.topic,
                      payload: { id: big(id), updated_at: s.updatedAt, ...s.fields },
                      webhookId: `${run}-${index}`,
                    }
                  : { topic: TOPIC[s.channel], payload: consentPayload(id, s), webhookId: `${run}-${index}` };
            last = delivery;
            const response = await callAction(
              customersRoute,
              await signedWebhook("/webhooks/customers", delivery.topic, delivery.payload, {
                webhookId: delivery.webhookId,
              }),
            );
            expect(response.status).toBe(200);
          }
          const after = await states(id);
          const eventsAfter = await eventCounts(after.id ?? before.id);
          let added = 0;
          for (const channel of CHANNELS) {
            const appended = eventsAfter[channel] - eventsBefore[channel];
            added += appended;
            expect(appended, `${channel} events for one delivery`).toBeLessThanOrEqual(1);
            if (appended > 0)
              expect(after[channel], `${channel} event without a change`).not.toBe(before[channel]);
            // A payload changes only what it carried: customers/* no consent, a topic its own
            // channel, a redelivery nothing.
            if (repeated || s.kind === "customer" || (s.kind === "consent" && s.channel !== channel))
              expect(after[channel], `${channel} changed by a payload without it`).toBe(before[channel]);
          }
          if (added > 0) seen.eventSteps += 1;
          else seen.quietSteps += 1;
        }
      }),
      { numRuns: Math.ceil(FUZZ_RUNS / 2) },
    );
    // The generators reach both sides: steps that record consent and steps that must not.
    expect(seen.eventSteps).toBeGreaterThan(0);
    expect(seen.quietSteps).toBeGreaterThan(0);
    // Each run replays a whole history on a real database: about a minute on a loaded two-core machine.
  }, 180_000);
});
