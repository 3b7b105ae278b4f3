import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCustomers } from "./generator";
import { publicId } from "./ids";
import { type AdminEmulator, startAdminEmulator } from "./server";
import { customerGid, isoFromT } from "./store";
import { adminGraphql } from "./test-support";

const SHOP = "paging.myshopify.com";
const TOKEN = "shpat_paging";
let emulator: AdminEmulator;

beforeAll(async () => {
  emulator = await startAdminEmulator({
    apiSecret: "secret",
    shops: [
      {
        domain: SHOP,
        accessToken: TOKEN,
        customers: generateCustomers({ count: 600, seed: 11 }),
        throttle: { maximumAvailable: 100_000, restoreRate: 100_000 },
      },
    ],
  });
});
afterAll(() => emulator.close());

interface PageData {
  customers: {
    edges: { cursor: string; node: { id: string; updatedAt: string } }[];
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string | null;
      endCursor: string | null;
    };
  };
}

const PAGE = `query Page($first: Int, $after: String, $last: Int, $before: String, $query: String,
    $sortKey: CustomerSortKeys, $reverse: Boolean) {
  customers(first: $first, after: $after, last: $last, before: $before, query: $query, sortKey: $sortKey, reverse: $reverse) {
    edges { cursor node { id updatedAt } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

async function page(variables: Record<string, unknown>) {
  const result = await adminGraphql<PageData>(emulator, SHOP, TOKEN, PAGE, variables);
  expect(result.body.errors).toBeUndefined();
  return (result.body.data as PageData).customers;
}

/** Every id, following cursors forward (or backward with `last`). */
async function all(variables: Record<string, unknown>, backwards = false) {
  const ids: string[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) {
    const p = await page(
      backwards ? { ...variables, last: 250, before: cursor } : { ...variables, first: 250, after: cursor },
    );
    sizes.push(p.edges.length);
    const pageIds = p.edges.map((e) => e.node.id);
    if (backwards) ids.unshift(...pageIds);
    else ids.push(...pageIds);
    if (!(backwards ? p.pageInfo.hasPreviousPage : p.pageInfo.hasNextPage)) return { ids, sizes };
    cursor = backwards ? p.pageInfo.startCursor : p.pageInfo.endCursor;
  }
  throw new Error("pagination did not end");
}

const storeIds = () => emulator.store.customers(SHOP).map((c) => customerGid(c.id));

describe("customers pagination", () => {
  it("returns every customer exactly once, 250 at a time, forwards and backwards", async () => {
    const forward = await all({});
    expect(forward.sizes).toEqual([250, 250, 100]);
    expect(forward.ids).toEqual(storeIds());
    expect(new Set(forward.ids).size).toBe(600);
    const backward = await all({}, true);
    expect(backward.ids).toEqual(storeIds());
  });

  it("pages in reverse and by UPDATED_AT without losing anyone", async () => {
    expect((await all({ reverse: true })).ids).toEqual([...storeIds()].reverse());
    const byUpdate = await all({ sortKey: "UPDATED_AT" });
    expect([...byUpdate.ids].sort()).toEqual([...storeIds()].sort());
    const times = await page({ first: 250, sortKey: "UPDATED_AT" });
    const stamps = times.edges.map((e) => e.node.updatedAt);
    expect(stamps).toEqual([...stamps].sort());
  });

  it("refuses pages over 250 and pages without first or last", async () => {
    const tooBig = await adminGraphql(emulator, SHOP, TOKEN, PAGE, { first: 251 });
    expect(tooBig.status).toBe(200);
    expect(tooBig.body.errors[0].message).toMatch(/250/);
    const none = await adminGraphql(emulator, SHOP, TOKEN, PAGE, {});
    expect(none.body.errors[0].message).toBe("you must provide one of first or last");
    const badCursor = await adminGraphql(emulator, SHOP, TOKEN, PAGE, { first: 1, after: "nonsense" });
    expect(badCursor.body.errors[0].message).toMatch(/cursor/i);
  });

  it("filters with updated_at, marketing states and id", async () => {
    const customers = emulator.store.customers(SHOP);
    const pivot = [...customers].sort((a, b) => a.updatedAt - b.updatedAt)[400];
    const since = isoFromT(pivot?.updatedAt ?? 0);
    const expected = customers
      .filter((c) => c.updatedAt > (pivot?.updatedAt ?? 0))
      .map((c) => customerGid(c.id));
    expect((await all({ query: `updated_at:>'${since}'` })).ids).toEqual(expected);
    expect(expected.length).toBeGreaterThan(150);

    const smsSubscribed = customers
      .filter((c) => c.phone && c.smsState === "SUBSCRIBED")
      .map((c) => customerGid(c.id));
    expect((await all({ query: "sms_marketing_state:SUBSCRIBED" })).ids).toEqual(smsSubscribed);
    const emailUnsub = customers
      .filter((c) => c.email && c.emailState === "UNSUBSCRIBED")
      .map((c) => customerGid(c.id));
    expect((await all({ query: "email_marketing_state:unsubscribed" })).ids).toEqual(emailUnsub);
    expect(emailUnsub.length).toBeGreaterThan(10);

    // Ids as Shopify shows them: 64-bit, compared exactly.
    const middle = publicId(customers[300]?.id ?? 0);
    const after = await all({ query: `id:>${middle}` });
    expect(after.ids).toEqual(customers.slice(301).map((c) => customerGid(c.id)));
    const both = await all({ query: `id:>${middle} sms_marketing_state:subscribed` });
    expect(both.ids).toEqual(smsSubscribed.filter((id) => BigInt(id.split("/").pop() ?? 0) > BigInt(middle)));
  });

  it("warns about unknown search fields and ignores them, like Shopify", async () => {
    const result = await adminGraphql(emulator, SHOP, TOKEN, PAGE, {
      first: 5,
      query: "favourite_colour:blue",
    });
    expect(result.body.data?.customers).toBeDefined();
    expect(result.body.extensions.search[0].warnings[0].field).toBe("favourite_colour");
  });

  it("sees a change made after the first page on the next page", async () => {
    const first = await page({ first: 250, query: "updated_at:>'2026-10-01T00:00:00Z'" });
    expect(first.edges).toEqual([]);
    const last = emulator.store.customers(SHOP).at(-1);
    emulator.store.updateCustomer(SHOP, last?.id ?? 0, { note: "touched" }, { webhook: false });
    const second = await page({
      first: 250,
      query: `updated_at:>'${new Date(Date.now() - 60_000).toISOString()}'`,
    });
    expect(second.edges.map((e) => e.node.id)).toEqual([customerGid(last?.id ?? 0)]);
  });
});
