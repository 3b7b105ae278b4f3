/**
 * shopify.app.toml as the installed Shopify CLI reads it: its own TOML
 * decoder and its own zod schemas for [webhooks]. The CLI silently drops keys
 * it does not know (metafield_namespaces was dropped that way, and orders
 * arrived without the consent metafield), so every key must be one of its own.
 * The CLI ships as bundled chunks: the files are named for the pinned 4.8.2.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SHOPIFY_API_VERSION } from "../../app/shopify-api-version";
import { WEBHOOK_PATHS } from "../../app/webhooks/subscriptions";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CLI = path.join(ROOT, "node_modules/@shopify/cli");
const CLI_VERSION = "4.8.2";

interface ZodLike {
  shape: Record<string, ZodLike>;
  safeParse(value: unknown): { success: boolean; error?: { issues: { path: unknown[]; message: string }[] } };
  strict(): ZodLike;
  _def: { schema?: ZodLike; innerType?: ZodLike };
}

/** The CLI's own pieces: decodeToml, the [webhooks] section schema, one subscription's schema. */
async function cliConfigParser() {
  const version = JSON.parse(readFileSync(path.join(CLI, "package.json"), "utf8")).version;
  expect(version, "update the chunk names below for this Shopify CLI version").toBe(CLI_VERSION);
  const toml = await import(path.join(CLI, "dist/chunk-4QBJ5JBX.js"));
  const webhooksSpec = await import(path.join(CLI, "dist/chunk-MJ3WNVMQ.js"));
  const schemas = await import(path.join(CLI, "dist/chunk-NL7WDQSR.js"));
  const decodeToml = toml.a as (text: string) => Record<string, unknown>;
  const webhooks = (webhooksSpec.p as ZodLike).shape.webhooks as ZodLike;
  const subscription = schemas.F as ZodLike;
  expect(Object.keys(subscription.shape)).toContain("compliance_topics");
  const section = webhooks._def.schema as ZodLike;
  expect(Object.keys(section.shape)).toEqual(["api_version", "privacy_compliance", "subscriptions"]);
  return { decodeToml, webhooks, section, subscription };
}

const issues = (result: ReturnType<ZodLike["safeParse"]>) =>
  (result.error?.issues ?? []).map((issue) => `${issue.path.join(".")}: ${issue.message}`);

describe("shopify.app.toml, read by Shopify CLI 4.8.2's own parser", () => {
  it("decodes, and its [webhooks] passes the CLI's schema with no key the CLI would drop", async () => {
    const { decodeToml, webhooks, section, subscription } = await cliConfigParser();
    const config = decodeToml(readFileSync(path.join(ROOT, "shopify.app.toml"), "utf8"));
    expect(issues(webhooks.safeParse(config.webhooks))).toEqual([]);
    expect(issues(section.strict().safeParse({ ...(config.webhooks as object), subscriptions: [] }))).toEqual(
      [],
    );
    const subscriptions = (config.webhooks as { subscriptions: unknown[] }).subscriptions;
    expect(subscriptions.length).toBeGreaterThan(0);
    for (const [index, entry] of subscriptions.entries())
      expect(issues(subscription.strict().safeParse(entry)), `subscription ${index + 1}`).toEqual([]);
  });

  it("refuses a key the CLI does not know (parser self-check: metafield_namespaces)", async () => {
    const { decodeToml, subscription } = await cliConfigParser();
    const config = decodeToml(`
[webhooks]
api_version = "2026-10"
  [[webhooks.subscriptions]]
  topics = ["orders/create"]
  uri = "/webhooks/orders/create"
  metafield_namespaces = ["$app:whatsapp_consent"]
`);
    const entry = (config.webhooks as { subscriptions: unknown[] }).subscriptions[0];
    expect(issues(subscription.strict().safeParse(entry)).join()).toMatch(/metafield_namespaces/);
  });

  it("subscribes at the one API version to every topic the app handles, each at its route", async () => {
    const { decodeToml } = await cliConfigParser();
    const config = decodeToml(readFileSync(path.join(ROOT, "shopify.app.toml"), "utf8")) as {
      webhooks: {
        api_version: string;
        subscriptions: { topics?: string[]; compliance_topics?: string[]; uri: string }[];
      };
    };
    expect(config.webhooks.api_version).toBe(SHOPIFY_API_VERSION);
    const declared: Record<string, string> = {};
    for (const entry of config.webhooks.subscriptions)
      for (const topic of [...(entry.topics ?? []), ...(entry.compliance_topics ?? [])])
        declared[topic] = entry.uri;
    expect(declared).toEqual(WEBHOOK_PATHS);
    expect(Object.keys(declared)).toEqual(
      expect.arrayContaining([
        "customers_email_marketing_consent/update",
        "customers_marketing_consent/update",
        "customers_whats_app_marketing_consent/update",
      ]),
    );
  });
});
