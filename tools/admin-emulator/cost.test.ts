import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LeakyBucket, queryCost } from "./cost";
import { generateCustomers } from "./generator";
import { adminSchema } from "./schema";
import { type AdminEmulator, startAdminEmulator } from "./server";
import { adminGraphql } from "./test-support";

const cost = (query: string, variables: Record<string, unknown> = {}) =>
  queryCost(adminSchema(), parse(query), null, variables);

describe("requested cost (Shopify's rules)", () => {
  it("counts objects 1, scalars 0, connections 2 + n × node", () => {
    expect(cost("{ shop { name } }")).toBe(1);
    expect(cost("{ shop { name billingAddress { countryCodeV2 } } }")).toBe(2);
    expect(cost("{ customers(first: 10) { edges { node { id } } } }")).toBe(12);
    expect(cost("{ customers(first: 10) { nodes { id } pageInfo { hasNextPage } } }")).toBe(12);
    expect(cost("query($n: Int) { customers(first: $n) { nodes { id } } }", { n: 50 })).toBe(52);
    // node: 1 + defaultPhoneNumber 1 + whatsAppMarketingConsent 1, + nested connection 2 + 5 × 1
    expect(
      cost(`{ customers(last: 100) { edges { node { id defaultPhoneNumber { whatsAppMarketingConsent { state } }
        addressesV2(first: 5) { nodes { id } } } } } }`),
    ).toBe(2 + 100 * (3 + 7));
    expect(
      cost(
        "fragment F on Customer { defaultEmailAddress { emailAddress } } { customers(first: 4) { nodes { ...F } } }",
      ),
    ).toBe(2 + 4 * 2);
  });

  it("charges 10 per mutation field and uses what came back for the actual cost", () => {
    expect(cost('mutation { bulkOperationRunQuery(query: "{}") { userErrors { message } } }')).toBe(10);
    const doc = parse("{ customers(first: 10) { nodes { id defaultEmailAddress { emailAddress } } } }");
    const data = {
      customers: {
        nodes: [
          { id: "a", defaultEmailAddress: null },
          { id: "b", defaultEmailAddress: {} },
        ],
      },
    };
    expect(queryCost(adminSchema(), doc, null, {}, data)).toBe(2 + 2 + 1 + 1);
  });
});

describe("LeakyBucket", () => {
  it("refills at the restore rate up to the maximum", () => {
    let now = 0;
    const bucket = new LeakyBucket(100, 50, () => now);
    expect(bucket.take(80)).toBe(true);
    expect(bucket.take(30)).toBe(false);
    now += 200; // +10 points
    expect(bucket.take(30)).toBe(true);
    expect(bucket.status()).toEqual({ maximumAvailable: 100, currentlyAvailable: 0, restoreRate: 50 });
    now += 60_000;
    expect(bucket.status().currentlyAvailable).toBe(100);
  });
});

describe("cost and throttling over HTTP", () => {
  const SHOP = "busy.myshopify.com";
  const TOKEN = "shpat_busy";
  let emulator: AdminEmulator;
  beforeAll(async () => {
    emulator = await startAdminEmulator({
      apiSecret: "secret",
      shops: [
        {
          domain: SHOP,
          accessToken: TOKEN,
          customers: generateCustomers({ count: 40, seed: 2 }),
          throttle: { maximumAvailable: 100, restoreRate: 100 },
        },
      ],
    });
  });
  afterAll(() => emulator.close());

  const QUERY = "{ customers(first: 30) { nodes { id } } }";

  it("reports the cost on every response", async () => {
    const result = await adminGraphql(emulator, SHOP, TOKEN, "{ customers(first: 250) { nodes { id } } }");
    expect(result.body.extensions.cost).toMatchObject({
      requestedQueryCost: 252,
      throttleStatus: { maximumAvailable: 100, restoreRate: 100 },
    });
    // 252 > 100 available: throttled even when rested
    expect(result.body.errors[0].extensions.code).toBe("THROTTLED");
    await new Promise((r) => setTimeout(r, 1100));
    const ok = await adminGraphql(emulator, SHOP, TOKEN, "{ customers(first: 50) { nodes { id } } }");
    expect(ok.body.extensions.cost).toMatchObject({ requestedQueryCost: 52, actualQueryCost: 42 });
  });

  it("throttles a burst and recovers after the bucket refills", async () => {
    await new Promise((r) => setTimeout(r, 1100));
    const burst = await Promise.all(
      Array.from({ length: 8 }, () => adminGraphql(emulator, SHOP, TOKEN, QUERY)),
    );
    const throttled = burst.filter((r) => r.body.errors?.[0]?.extensions?.code === "THROTTLED");
    expect(throttled.length).toBeGreaterThanOrEqual(4);
    expect(burst.length - throttled.length).toBeGreaterThanOrEqual(3);
    const first = throttled[0]?.body;
    expect(first?.errors[0].message).toBe("Throttled");
    expect(first?.extensions.cost.throttleStatus.currentlyAvailable).toBeLessThan(32);
    expect(first?.data).toBeUndefined();
    await new Promise((r) => setTimeout(r, 400));
    const after = await adminGraphql(emulator, SHOP, TOKEN, QUERY);
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data?.customers).toBeDefined();
  });

  it("rejects a query above 1000 points with MAX_COST_EXCEEDED", async () => {
    const result = await adminGraphql(
      emulator,
      SHOP,
      TOKEN,
      "{ customers(first: 250) { nodes { id addressesV2(first: 10) { nodes { id } } } } }",
    );
    expect(result.status).toBe(200);
    expect(result.body.errors[0].extensions).toMatchObject({
      code: "MAX_COST_EXCEEDED",
      cost: 3252,
      maxCost: 1000,
    });
    expect(result.body.errors[0].message).toContain("exceeds the single query max cost limit (1000)");
  });
});
