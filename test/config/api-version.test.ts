import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SHOPIFY_API_VERSION } from "../../app/shopify-api-version";
import { WEBHOOK_PATHS } from "../../app/webhooks/subscriptions";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Every `api_version = "..."` line of a TOML file. */
function apiVersions(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*api_version\s*=\s*"([^"]+)"/gm)].map((match) => match[1] as string);
}

describe("one Admin API version everywhere", () => {
  it("shopify.app.toml uses SHOPIFY_API_VERSION for webhooks", () => {
    expect(apiVersions(path.join(ROOT, "shopify.app.toml"))).toEqual([SHOPIFY_API_VERSION]);
  });

  it("every extension declares the same version", () => {
    const extensionsDir = path.join(ROOT, "extensions");
    for (const entry of readdirSync(extensionsDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const versions = apiVersions(path.join(extensionsDir, entry.name, "shopify.extension.toml"));
      for (const version of versions) expect(version, entry.name).toBe(SHOPIFY_API_VERSION);
    }
  });
});

describe("webhook subscriptions", () => {
  it("shopify.app.toml delivers every topic to the route WEBHOOK_PATHS names", async () => {
    const toml = readFileSync(path.join(ROOT, "shopify.app.toml"), "utf8");
    const declared: Record<string, string> = {};
    for (const block of toml.split("[[webhooks.subscriptions]]").slice(1)) {
      const topics = /(?:compliance_)?topics\s*=\s*\[([^\]]*)\]/.exec(block)?.[1] ?? "";
      const uri = /uri\s*=\s*"([^"]+)"/.exec(block)?.[1] ?? "";
      for (const topic of topics.match(/"([^"]+)"/g) ?? []) declared[topic.replaceAll('"', "")] = uri;
    }
    expect(declared).toEqual(WEBHOOK_PATHS);
    for (const uri of new Set(Object.values(WEBHOOK_PATHS))) {
      const route = `app/routes/${uri.slice(1).replaceAll("/", ".")}.tsx`;
      expect(readdirSync(path.join(ROOT, "app/routes")), route).toContain(path.basename(route));
    }
  });
});
