import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCustomers } from "./generator";
import { type AdminEmulator, startAdminEmulator } from "./server";
import { customerGid } from "./store";
import { adminGraphql } from "./test-support";

const SHOP = "auth.myshopify.com";
const TOKEN = "shpat_right";
let emulator: AdminEmulator;

beforeAll(async () => {
  emulator = await startAdminEmulator({
    apiSecret: "secret",
    shops: [
      {
        domain: SHOP,
        accessToken: TOKEN,
        customers: generateCustomers({ count: 5, seed: 1 }),
        country: "ES",
      },
      { domain: "other.myshopify.com", accessToken: "shpat_other", currencyCode: "EUR" },
    ],
  });
});
afterAll(() => emulator.close());

/** A raw request, so the Host header can be set. */
function post(pathName: string, headers: Record<string, string>, body: string) {
  const { port } = new URL(emulator.url);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: pathName, method: "POST", headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("Admin API emulator over HTTP", () => {
  it("answers 401 like Shopify for a wrong access token", async () => {
    const result = await adminGraphql(emulator, SHOP, "shpat_wrong", "{ shop { name } }");
    expect(result.status).toBe(401);
    expect(result.body).toEqual({
      errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
    });
    const otherShopsToken = await adminGraphql(emulator, SHOP, "shpat_other", "{ shop { name } }");
    expect(otherShopsToken.status).toBe(401);
  });

  it("answers 404 for an unknown API version or shop", async () => {
    expect((await adminGraphql(emulator, SHOP, TOKEN, "{ shop { name } }", {}, "2023-01")).status).toBe(404);
    expect((await adminGraphql(emulator, "nope.myshopify.com", TOKEN, "{ shop { name } }")).status).toBe(404);
  });

  it("finds the shop from the Host header when the emulator header is absent", async () => {
    const result = await post(
      "/admin/api/2026-10/graphql.json",
      {
        Host: "other.myshopify.com",
        "Content-Type": "application/json",
        "X-Shopify-Access-Token": "shpat_other",
      },
      JSON.stringify({ query: "{ shop { myshopifyDomain currencyCode } }" }),
    );
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body).data.shop).toEqual({
      myshopifyDomain: "other.myshopify.com",
      currencyCode: "EUR",
    });
  });

  it("accepts application/graphql bodies", async () => {
    const result = await post(
      "/admin/api/2026-10/graphql.json",
      { "x-emulated-shop": SHOP, "Content-Type": "application/graphql", "X-Shopify-Access-Token": TOKEN },
      "{ shop { billingAddress { countryCodeV2 } } }",
    );
    expect(JSON.parse(result.body).data.shop.billingAddress.countryCodeV2).toBe("ES");
  });

  it("returns validation errors with HTTP 200, locations and a code", async () => {
    const result = await adminGraphql(
      emulator,
      SHOP,
      TOKEN,
      "{\n  customers(first: 1) { nodes { id emial } }\n}",
    );
    expect(result.status).toBe(200);
    expect(result.body.data).toBeUndefined();
    expect(result.body.errors).toEqual([
      {
        message: "Field 'emial' doesn't exist on type 'Customer'",
        locations: [{ line: 2, column: 36 }],
        extensions: { code: "undefinedField", typeName: "Customer", fieldName: "emial" },
      },
    ]);
    const missingArg = await adminGraphql(emulator, SHOP, TOKEN, "{ customer { id } }");
    expect(missingArg.body.errors[0].extensions.code).toBe("missingRequiredArguments");
    const syntax = await adminGraphql(emulator, SHOP, TOKEN, "{ shop { name }");
    expect(syntax.status).toBe(200);
    expect(syntax.body.errors[0].locations[0].line).toBe(1);
  });

  it("reports bad variables and invalid ids as errors", async () => {
    const badVar = await adminGraphql(
      emulator,
      SHOP,
      TOKEN,
      "query($id: ID!) { customer(id: $id) { id } }",
      {},
    );
    expect(badVar.body.errors[0].extensions.code).toBe("INVALID_VARIABLE");
    const badId = await adminGraphql(emulator, SHOP, TOKEN, '{ customer(id: "42") { id } }');
    expect(badId.body.errors[0].message).toBe("Invalid global id '42'");
    expect(badId.body.data).toEqual({ customer: null });
  });

  it("serves deprecated fields next to their replacements", async () => {
    const [first] = emulator.store.customers(SHOP);
    const result = await adminGraphql(
      emulator,
      SHOP,
      TOKEN,
      `query($id: ID!) { customer(id: $id) { email phone defaultEmailAddress { emailAddress }
        emailMarketingConsent { marketingState } } }`,
      { id: customerGid(first?.id ?? 0) },
    );
    const customer = result.body.data?.customer as Record<string, unknown> & { defaultEmailAddress: unknown };
    expect(customer.email).toBe(first?.email);
    expect(customer.defaultEmailAddress).toEqual(first?.email ? { emailAddress: first.email } : null);
  });
});
