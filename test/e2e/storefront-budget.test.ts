/**
 * Size budgets of the theme app extension (extensions/whatsapp-optin), from
 * Shopify's limits for theme app extensions and its theme check.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { blockNames, EXTENSION_DIR, extensionFiles, readBlock } from "../helpers/storefront";

const KB = 1024;
const gzipBytes = (file: string) =>
  gzipSync(readFileSync(path.join(EXTENSION_DIR, file)), { level: 9 }).length;

describe("theme app extension budgets", () => {
  it("every block loads the one script and one stylesheet, and they exist", () => {
    for (const name of blockNames()) {
      const { schema } = readBlock(name);
      expect(schema.javascript, name).toBe("whatsapp-optin.js");
      expect(schema.stylesheet, name).toBe("whatsapp-optin.css");
    }
    const files = extensionFiles().map((f) => f.file);
    expect(files).toContain(path.join("assets", "whatsapp-optin.js"));
    expect(files).toContain(path.join("assets", "whatsapp-optin.css"));
  });

  it("assets/whatsapp-optin.js is at most 10 KB gzipped (and 10,000 bytes raw, theme check's limit)", () => {
    const file = path.join("assets", "whatsapp-optin.js");
    expect(gzipBytes(file)).toBeLessThanOrEqual(10 * KB);
    // AssetSizeAppBlockJavaScript in `shopify theme check` measures the raw file.
    expect(readFileSync(path.join(EXTENSION_DIR, file)).length).toBeLessThanOrEqual(10_000);
  });

  it("assets/whatsapp-optin.css is at most 100 KB gzipped", () => {
    expect(gzipBytes(path.join("assets", "whatsapp-optin.css"))).toBeLessThanOrEqual(100 * KB);
  });

  it("all Liquid together is under 100 KB", () => {
    const liquid = extensionFiles().filter((f) => f.file.endsWith(".liquid"));
    expect(liquid.length).toBeGreaterThanOrEqual(2);
    const total = liquid.reduce((sum, f) => sum + f.bytes, 0);
    expect(total).toBeLessThan(100 * KB);
  });

  it("the whole extension is under 10 MB", () => {
    const total = extensionFiles().reduce((sum, f) => sum + f.bytes, 0);
    expect(total).toBeLessThan(10 * KB * KB);
  });
});
