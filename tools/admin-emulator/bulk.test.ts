import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCustomers } from "./generator";
import { type AdminEmulator, startAdminEmulator } from "./server";
import { customerGid } from "./store";
import { adminGraphql, startWebhookReceiver, type WebhookReceiver, waitFor } from "./test-support";

const SHOP = "bulk.myshopify.com";
const TOKEN = "shpat_bulk";
const COUNT = 730;
let emulator: AdminEmulator;
let app: WebhookReceiver;

beforeAll(async () => {
  app = await startWebhookReceiver();
  emulator = await startAdminEmulator({
    apiSecret: "bulk-secret",
    appUrl: app.url,
    bulkPageSize: 100,
    bulkPageDelayMs: 20,
    shops: [{ domain: SHOP, accessToken: TOKEN, customers: generateCustomers({ count: COUNT, seed: 21 }) }],
  });
});
afterAll(async () => {
  await emulator.close();
  await app.close();
});

const gql = (query: string, variables: Record<string, unknown> = {}) =>
  adminGraphql(emulator, SHOP, TOKEN, query, variables);

const RUN = `mutation Run($query: String!) {
  bulkOperationRunQuery(query: $query) { bulkOperation { id status } userErrors { field message code } }
}`;

const STATUS = `query Status($id: ID!) {
  node(id: $id) { ... on BulkOperation { id status errorCode objectCount rootObjectCount fileSize url partialDataUrl type } }
}`;

interface BulkView {
  id: string;
  status: string;
  errorCode: string | null;
  objectCount: string;
  rootObjectCount: string;
  fileSize: string | null;
  url: string | null;
  partialDataUrl: string | null;
}

async function run(query: string): Promise<string> {
  const result = await gql(RUN, { query });
  const payload = result.body.data?.bulkOperationRunQuery as {
    bulkOperation: { id: string };
    userErrors: unknown[];
  };
  expect(payload.userErrors).toEqual([]);
  return payload.bulkOperation.id;
}

async function until(id: string, done: (s: string) => boolean): Promise<BulkView> {
  return waitFor(async () => {
    const op = (await gql(STATUS, { id })).body.data?.node as BulkView;
    return done(op.status) ? op : undefined;
  });
}

const CUSTOMERS_WITH_ADDRESSES = `{
  customers(query: "") {
    edges { node {
      id
      defaultEmailAddress { emailAddress marketingState }
      defaultPhoneNumber { phoneNumber whatsAppMarketingConsent { state optInLevel updatedAt } }
      addressesV2 { edges { node { id countryCodeV2 } } }
    } }
  }
}`;

describe("bulk operations", () => {
  it("runs a query to a JSONL file with one line per node and __parentId lines", async () => {
    const id = await run(CUSTOMERS_WITH_ADDRESSES);
    const op = await until(id, (s) => s === "COMPLETED");
    const customers = emulator.store.customers(SHOP);
    const addresses = customers.reduce((n, c) => n + c.addresses, 0);
    expect(op.rootObjectCount).toBe(String(COUNT));
    expect(op.objectCount).toBe(String(COUNT + addresses));
    expect(op.url).toMatch(/\/bulk\/\d+\.jsonl$/);

    const response = await fetch(op.url ?? "");
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(Buffer.byteLength(text)).toBe(Number(op.fileSize));
    const lines = text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(COUNT + addresses);
    const roots = lines.filter((l) => !l.__parentId);
    expect(roots.map((l) => l.id)).toEqual(customers.map((c) => customerGid(c.id)));
    expect(roots[0]).not.toHaveProperty("addressesV2");
    const children = lines.filter((l) => l.__parentId);
    expect(children.length).toBe(addresses);
    // each child follows its parent, like Shopify writes them
    let parent = "";
    for (const line of lines) {
      if (line.__parentId) expect(line.__parentId).toBe(parent);
      else parent = line.id;
    }
    const withWhatsApp = roots.find(
      (l) => l.defaultPhoneNumber?.whatsAppMarketingConsent?.state === "SUBSCRIBED",
    );
    expect(withWhatsApp).toBeDefined();

    await emulator.idle();
    const finish = app.received.find((w) => w.headers["x-shopify-topic"] === "bulk_operations/finish");
    expect(JSON.parse(finish?.rawBody ?? "{}")).toMatchObject({
      admin_graphql_api_id: id,
      status: "completed",
      type: "query",
      error_code: null,
    });
    const current = await gql("{ currentBulkOperation { id status } }");
    expect(current.body.data?.currentBulkOperation).toEqual({ id, status: "COMPLETED" });
  });

  it("rejects invalid bulk queries with userErrors", async () => {
    for (const query of [
      "{ customers { edges { node { id nope } } } }",
      "{ shop { name } }",
      "{ customers { edges { node { email addressesV2 { edges { node { id } } } } } } }",
      "not graphql",
    ]) {
      const result = await gql(RUN, { query });
      const payload = result.body.data?.bulkOperationRunQuery as {
        bulkOperation: unknown;
        userErrors: unknown[];
      };
      expect(payload.bulkOperation).toBeNull();
      expect(payload.userErrors).toEqual([
        expect.objectContaining({
          field: ["query"],
          code: "INVALID",
          message: expect.stringMatching(/^Invalid bulk query/),
        }),
      ]);
    }
  });

  it("allows at most 5 operations at once per shop", async () => {
    const six = Array.from(
      { length: 6 },
      (_, i) => `op${i}: bulkOperationRunQuery(query: "{ customers { edges { node { id } } } }") {
        bulkOperation { id } userErrors { message code } }`,
    ).join("\n");
    const result = await gql(`mutation { ${six} }`);
    const payloads = Object.values(result.body.data ?? {}) as {
      bulkOperation: unknown;
      userErrors: { code: string }[];
    }[];
    expect(payloads.slice(0, 5).every((p) => p.bulkOperation && p.userErrors.length === 0)).toBe(true);
    expect(payloads[5]?.bulkOperation).toBeNull();
    expect(payloads[5]?.userErrors[0]?.code).toBe("LIMIT_REACHED");
    await emulator.idle();
  });

  it("fails with partial data, and cancels", async () => {
    emulator.failNextBulkOperation(SHOP, "TIMEOUT");
    const failed = await until(await run("{ customers { nodes { id } } }"), (s) => s === "FAILED");
    expect(failed.errorCode).toBe("TIMEOUT");
    expect(failed.url).toBeNull();
    const partial = await (await fetch(failed.partialDataUrl ?? "")).text();
    expect(partial.trimEnd().split("\n").length).toBe(100);

    const id = await run("{ customers { nodes { id } } }");
    const cancel = await gql(
      "mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { status } userErrors { message } } }",
      {
        id,
      },
    );
    expect(cancel.body.data?.bulkOperationCancel).toMatchObject({ userErrors: [] });
    const canceled = await until(id, (s) => s === "CANCELED");
    expect(canceled.url).toBeNull();
    await emulator.idle();
    const topics = app.received.map((w) => JSON.parse(w.rawBody).status);
    expect(topics).toEqual(expect.arrayContaining(["failed", "canceled"]));
  });

  it("held pages pass one at a time: objectCount rises page by page, then a failure on demand keeps the pages written", async () => {
    const control = (body: Record<string, unknown>) =>
      fetch(`${emulator.url}/emulator/bulk-operations`, {
        method: "POST",
        body: JSON.stringify({ shop: SHOP, ...body }),
      });
    expect((await control({ action: "hold" })).status).toBe(200);
    const id = await run("{ customers { nodes { id } } }");
    for (const pages of [1, 2]) {
      expect((await control({ action: "release", pages: 1 })).status).toBe(200);
      // Held after this page: the count stops at it (it would run on to the end without the hold).
      const seen = await waitFor(async () => {
        const view = await until(id, () => true);
        return Number(view.objectCount) >= pages * 100 ? view : undefined;
      });
      expect(seen).toMatchObject({ status: "RUNNING", objectCount: String(pages * 100) });
    }
    expect((await control({ action: "fail", code: "ACCESS_DENIED" })).status).toBe(200);
    const failed = await until(id, (s) => s === "FAILED");
    expect(failed).toMatchObject({ errorCode: "ACCESS_DENIED", objectCount: "200", url: null });
    expect((await (await fetch(failed.partialDataUrl ?? "")).text()).trimEnd().split("\n")).toHaveLength(200);
    // Nothing runs now: a failure cannot be asked for; a malformed control is refused.
    expect((await control({ action: "fail" })).status).toBe(409);
    expect((await control({ action: "release", pages: 0 })).status).toBe(400);
    emulator.releaseBulkPages(SHOP, Number.POSITIVE_INFINITY);
    const free = await until(await run("{ customers { nodes { id } } }"), (s) => s === "COMPLETED");
    expect(free.objectCount).toBe(String(COUNT));
  });
});
