/**
 * Metafields the app writes with `metafieldsSet` on its own installation
 * (app-data metafields, which Liquid reads as `app.metafields`) and on the
 * shop (which a checkout UI extension reads through `shopify.appMetafields`
 * when its toml declares them), and the views each reader gets. Checks
 * follow the Admin API: all inputs valid or nothing written, at most 25 per
 * call, a type when there is no definition, a value valid for its type.
 */
import { createHash } from "node:crypto";
import type { ShopState } from "./store";

export interface StoredMetafield {
  id: string;
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

interface SetInput {
  compareDigest?: string | null;
  key: string;
  namespace?: string | null;
  ownerId: string;
  type?: string | null;
  value: string;
}

interface SetUserError {
  code: string;
  elementIndex: number | null;
  field: string[];
  message: string;
}

export const MAX_METAFIELDS_PER_SET = 25;
/** The types this emulator stores; the rest of Shopify's list is never sent by the app. */
const TYPES = new Set([
  "json",
  "single_line_text_field",
  "multi_line_text_field",
  "boolean",
  "number_integer",
]);
const KEY = /^[A-Za-z0-9_-]{2,64}$/;
const NAMESPACE = /^(\$app(:[A-Za-z0-9_-]{1,200})?|[A-Za-z0-9_-]{3,255})$/;

const stores = new WeakMap<ShopState, Map<string, StoredMetafield>>();
function storeOf(shop: ShopState): Map<string, StoredMetafield> {
  let found = stores.get(shop);
  if (!found) {
    found = new Map();
    stores.set(shop, found);
  }
  return found;
}

export const appInstallationId = (shop: ShopState) => `gid://shopify/AppInstallation/${shop.shopId}`;
export const shopOwnerId = (shop: ShopState) => `gid://shopify/Shop/${shop.shopId}`;
const slot = (ownerId: string, namespace: string, key: string) => `${ownerId}|${namespace}|${key}`;

export function findMetafield(shop: ShopState, ownerId: string, namespace: string | undefined, key: string) {
  return storeOf(shop).get(slot(ownerId, namespace || "$app", key));
}

function validValue(type: string, value: string): boolean {
  if (type === "json") {
    try {
      JSON.parse(value);
      return true;
    } catch {
      return false;
    }
  }
  if (type === "single_line_text_field") return !/[\r\n]/.test(value);
  if (type === "boolean") return value === "true" || value === "false";
  if (type === "number_integer") return /^-?\d{1,19}$/.test(value);
  return true;
}

function problemsOf(shop: ShopState, input: SetInput, index: number): SetUserError[] {
  const at = (field: string, code: string, message: string): SetUserError => ({
    code,
    elementIndex: index,
    field: ["metafields", String(index), field],
    message,
  });
  const problems: SetUserError[] = [];
  if (input.ownerId !== appInstallationId(shop) && input.ownerId !== shopOwnerId(shop))
    problems.push(at("ownerId", "INVALID", "Owner does not exist or is not supported by this emulator."));
  if (!KEY.test(input.key))
    problems.push(at("key", "INVALID", "Key must be 2-64 letters, digits, hyphens or underscores."));
  if (input.namespace != null && !NAMESPACE.test(input.namespace))
    problems.push(
      at("namespace", "INVALID", "Namespace must be 3-255 letters, digits, hyphens or underscores."),
    );
  if (!input.type) problems.push(at("type", "BLANK", "Type can't be blank when there is no definition."));
  else if (!TYPES.has(input.type))
    problems.push(at("type", "INVALID_TYPE", `Type ${input.type} is not supported.`));
  else if (!validValue(input.type, input.value))
    problems.push(at("value", "INVALID_VALUE", `Value is invalid for type ${input.type}.`));
  return problems;
}

export function metafieldsSet(shop: ShopState, inputs: SetInput[]) {
  if (inputs.length === 0 || inputs.length > MAX_METAFIELDS_PER_SET) {
    const message = `Exceeded the maximum of ${MAX_METAFIELDS_PER_SET} metafields per call, or none given.`;
    return {
      metafields: [],
      userErrors: [{ code: "LESS_THAN_OR_EQUAL_TO", elementIndex: null, field: ["metafields"], message }],
    };
  }
  const userErrors = inputs.flatMap((input, index) => problemsOf(shop, input, index));
  if (userErrors.length > 0) return { metafields: [], userErrors };
  const now = new Date().toISOString();
  const store = storeOf(shop);
  const written = inputs.map((input) => {
    const namespace = input.namespace || "$app";
    const key = slot(input.ownerId, namespace, input.key);
    const previous = store.get(key);
    const stored: StoredMetafield = {
      id: previous?.id ?? `gid://shopify/Metafield/${store.size + 1}${shop.shopId}`,
      ownerId: input.ownerId,
      namespace,
      key: input.key,
      type: input.type as string,
      value: input.value,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    };
    store.set(key, stored);
    return stored;
  });
  return { metafields: written.map(metafieldView), userErrors: [] };
}

export function metafieldView(stored: StoredMetafield) {
  return {
    __typename: "Metafield",
    ...stored,
    compareDigest: createHash("sha256").update(`${stored.value}|${stored.updatedAt}`).digest("hex"),
  };
}

export function appInstallationView(shop: ShopState) {
  const id = appInstallationId(shop);
  return {
    __typename: "AppInstallation",
    id,
    metafield: (args: { key: string; namespace?: string }) => {
      const found = findMetafield(shop, id, args.namespace, args.key);
      return found ? metafieldView(found) : null;
    },
  };
}

type LiquidValue = { value: unknown; type: string };

/**
 * `app.metafields` as a theme app extension's Liquid sees it: namespace, then
 * key, then the metafield (its `value` parsed for json, as Liquid does).
 */
export function liquidAppMetafields(shop: ShopState): Record<string, Record<string, LiquidValue>> {
  const owner = appInstallationId(shop);
  const out: Record<string, Record<string, LiquidValue>> = {};
  for (const stored of storeOf(shop).values()) {
    if (stored.ownerId !== owner) continue;
    const namespace = out[stored.namespace] ?? {};
    out[stored.namespace] = namespace;
    namespace[stored.key] = {
      type: stored.type,
      value: stored.type === "json" ? JSON.parse(stored.value) : stored.value,
    };
  }
  return out;
}

/**
 * `shopify.appMetafields` of a checkout UI extension: the shop's metafields
 * its toml declares ([[extensions.metafields]] namespace and key), and no others.
 */
export function checkoutAppMetafields(shop: ShopState, declared: { namespace: string; key: string }[]) {
  return declared.flatMap(({ namespace, key }) => {
    const stored = findMetafield(shop, shopOwnerId(shop), namespace, key);
    if (!stored) return [];
    return [
      {
        target: { type: "shop" as const, id: shopOwnerId(shop) },
        metafield: {
          namespace: stored.namespace,
          key: stored.key,
          value: stored.value,
          type: stored.type,
          valueType: stored.type === "json" ? ("json_string" as const) : ("string" as const),
        },
      },
    ];
  });
}
