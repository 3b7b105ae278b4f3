import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liquidAppMetafields } from "./metafields";
import { type AdminEmulator, startAdminEmulator } from "./server";
import { adminGraphql } from "./test-support";

const SHOP = "metafields.myshopify.com";
const TOKEN = "shpat_metafields";
let emulator: AdminEmulator;

beforeAll(async () => {
  emulator = await startAdminEmulator({ apiSecret: "s", shops: [{ domain: SHOP, accessToken: TOKEN }] });
});
afterAll(() => emulator.close());

const OWNERS = "{ currentAppInstallation { id } shop { id } }";
const SET = `mutation ($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) {
    metafields { namespace key value type }
    userErrors { code field elementIndex message }
  }
}`;
const READ = `{ currentAppInstallation { metafield(namespace: "$app", key: "wording") { value type } } }`;

async function owners() {
  const { body } = await adminGraphql<{ currentAppInstallation: { id: string }; shop: { id: string } }>(
    emulator,
    SHOP,
    TOKEN,
    OWNERS,
  );
  return body.data as { currentAppInstallation: { id: string }; shop: { id: string } };
}

interface SetResult {
  metafieldsSet: {
    metafields: Record<string, unknown>[];
    userErrors: { code: string; field: string[]; elementIndex: number | null; message: string }[];
  };
}
interface ReadResult {
  currentAppInstallation: { metafield: { value: string; type: string } | null };
}

const set = async (metafields: Record<string, unknown>[]) =>
  (await adminGraphql<SetResult>(emulator, SHOP, TOKEN, SET, { metafields })).body.data as SetResult;
const read = async () =>
  (await adminGraphql<ReadResult>(emulator, SHOP, TOKEN, READ)).body.data as ReadResult;

describe("metafieldsSet and currentAppInstallation", () => {
  it("writes app-data metafields that the installation and Liquid's app.metafields read back", async () => {
    const { currentAppInstallation } = await owners();
    const value = JSON.stringify({ storefront: { text: "Hola" } });
    const result = await set([{ ownerId: currentAppInstallation.id, key: "wording", type: "json", value }]);
    expect(result.metafieldsSet).toEqual({
      metafields: [{ namespace: "$app", key: "wording", value, type: "json" }],
      userErrors: [],
    });
    expect(await read()).toEqual({ currentAppInstallation: { metafield: { value, type: "json" } } });
    expect(liquidAppMetafields(emulator.store.requireShop(SHOP)).$app?.wording?.value).toEqual({
      storefront: { text: "Hola" },
    });
  });

  it("writes nothing when any input is invalid, and says which one and why", async () => {
    const { currentAppInstallation, shop } = await owners();
    const result = await set([
      { ownerId: shop.id, namespace: "$app", key: "wording", type: "json", value: "{}" },
      { ownerId: currentAppInstallation.id, key: "wording", type: "json", value: "{not json" },
      { ownerId: "gid://shopify/Product/1", key: "x1", type: "json", value: "{}" },
      { ownerId: shop.id, key: "y", value: "v" },
    ]);
    expect(result.metafieldsSet.userErrors.map((e) => [e.elementIndex, e.code])).toEqual([
      [1, "INVALID_VALUE"],
      [2, "INVALID"],
      [3, "INVALID"],
      [3, "BLANK"],
    ]);
    expect(JSON.parse(String((await read()).currentAppInstallation.metafield?.value))).toEqual({
      storefront: { text: "Hola" },
    });
  });

  it("refuses more than 25 metafields in one call", async () => {
    const { shop } = await owners();
    const many = Array.from({ length: 26 }, (_, i) => ({
      ownerId: shop.id,
      key: `k${i}0`,
      type: "json",
      value: "1",
    }));
    expect((await set(many)).metafieldsSet.userErrors[0]?.code).toBe("LESS_THAN_OR_EQUAL_TO");
  });
});
