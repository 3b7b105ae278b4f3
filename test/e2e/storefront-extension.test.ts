/**
 * The theme app extension's files: Shopify's format (as the CLI checks it),
 * complete translations, current calling codes, and a clean `shopify theme check`.
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { getCountries, getCountryCallingCode } from "libphonenumber-js";
import { describe, expect, it } from "vitest";
import { SHOPIFY_API_VERSION } from "../../app/shopify-api-version";
import { blockNames, EXTENSION_DIR, extensionFiles, readBlock } from "../helpers/storefront";

const ROOT = path.resolve(EXTENSION_DIR, "../..");
const LOCALES = path.join(EXTENSION_DIR, "locales");
const readJson = (file: string) => JSON.parse(readFileSync(path.join(LOCALES, file), "utf8")) as unknown;

/** "a.b.c" paths of every string leaf of a translation file. */
function leafKeys(node: unknown, prefix = ""): string[] {
  if (typeof node === "string") return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) =>
    leafKeys(value, prefix ? `${prefix}.${key}` : key),
  );
}
function leaf(node: unknown, key: string): string {
  return key.split(".").reduce<unknown>((n, part) => (n as Record<string, unknown>)[part], node) as string;
}
/** Every "t:..." reference in a schema. */
const schemaKeys = (value: unknown): string[] =>
  typeof value === "string"
    ? value.startsWith("t:")
      ? [value.slice(2)]
      : []
    : value && typeof value === "object"
      ? Object.values(value).flatMap(schemaKeys)
      : [];

describe("theme app extension format", () => {
  it("shopify.extension.toml declares a theme extension with handle whatsapp-optin", () => {
    const toml = readFileSync(path.join(EXTENSION_DIR, "shopify.extension.toml"), "utf8");
    expect(toml).toMatch(/^type = "theme"$/m);
    expect(toml).toMatch(/^handle = "whatsapp-optin"$/m);
    expect(toml).toMatch(/^name = "[^"]+"$/m);
    for (const [, version] of toml.matchAll(/^\s*api_version\s*=\s*"([^"]+)"/gm)) {
      expect(version).toBe(SHOPIFY_API_VERSION);
    }
  });

  it("holds only the folders and file types Shopify accepts", () => {
    const allowed: Record<string, RegExp> = {
      assets: /\.(jpg|jpeg|json|js|css|png|svg|wasm)$/,
      blocks: /\.liquid$/,
      snippets: /\.liquid$/,
      locales: /\.json$/,
    };
    for (const { file } of extensionFiles()) {
      if (file === "shopify.extension.toml") continue;
      const [dir, ...rest] = file.split(path.sep);
      expect(Object.keys(allowed), file).toContain(dir);
      expect(rest.join("/"), file).toMatch(allowed[dir as string] as RegExp);
    }
  });

  it("has the opt-in app block (section) and the app embed (body)", () => {
    expect(blockNames().sort()).toEqual(["whatsapp-optin", "whatsapp-optin-embed"]);
    expect(readBlock("whatsapp-optin").schema.target).toBe("section");
    expect(readBlock("whatsapp-optin-embed").schema.target).toBe("body");
    const mode = readBlock("whatsapp-optin").schema.settings?.find((s) => s.id === "mode");
    expect(mode?.default).toBe("optin");
    expect(((mode?.options ?? []) as { value: string }[]).map((o) => o.value)).toEqual(["optin", "optout"]);
  });

  it("takes the consent wording from the app's metafield, never from a theme setting", () => {
    for (const name of blockNames()) {
      const { liquid, schema } = readBlock(name);
      const ids = (schema.settings ?? []).map((setting) => setting.id);
      expect(ids, name).not.toContain("consent_text");
      expect(liquid, name).toContain("app.metafields['$app'].consent_wording.value");
      // The shopper's locale first, then its language, then the main wording.
      expect(liquid, name).toContain("wa_all.locales[request.locale.iso_code].storefront");
      expect(liquid, name).toContain("wa_all.locales[wa_lang].storefront");
      expect(liquid, name).toContain("assign wa_wording = wa_all.storefront");
    }
    const en = readJson("en.default.json");
    for (const file of readdirSync(LOCALES).filter((f) => !f.includes(".schema."))) {
      expect(leaf(readJson(file), "whatsapp_optin.consent"), file).toBeUndefined();
      expect(leaf(readJson(file), "whatsapp_optin.no_wording"), file).toMatch(/WhatsApp Consent/);
    }
    expect(leaf(en, "whatsapp_optin.optout.confirm")).toBe(
      "Stop WhatsApp marketing messages from {{ shop }}",
    );
  });

  it("every locale has exactly the default locale's keys, with the same placeholders", () => {
    const files = readdirSync(LOCALES);
    for (const locale of ["es", "pt-BR", "de", "fr", "it"]) {
      expect(files).toContain(`${locale}.json`);
      expect(files).toContain(`${locale}.schema.json`);
    }
    for (const kind of ["json", "schema.json"]) {
      const base = readJson(`en.default.${kind}`);
      const keys = leafKeys(base).sort();
      for (const file of files.filter((f) => f.endsWith(`.${kind}`) && !f.startsWith("en.default"))) {
        if (kind === "json" && file.endsWith(".schema.json")) continue;
        const other = readJson(file);
        expect(leafKeys(other).sort(), file).toEqual(keys);
        for (const key of keys) {
          const placeholders = (s: string) => (s.match(/{{\s*[\w.]+\s*}}/g) ?? []).sort();
          expect(placeholders(leaf(other, key)), `${file} ${key}`).toEqual(placeholders(leaf(base, key)));
          expect(leaf(other, key).trim(), `${file} ${key}`).not.toBe("");
        }
      }
    }
  });

  it("every t: key of the schemas exists, and block names fit the editor's 25 characters", () => {
    const schemaLocale = readJson("en.default.schema.json");
    for (const name of blockNames()) {
      const { schema } = readBlock(name);
      for (const key of schemaKeys(schema))
        expect(typeof leaf(schemaLocale, key), `${name}: ${key}`).toBe("string");
      for (const file of readdirSync(LOCALES).filter((f) => f.endsWith(".schema.json"))) {
        const blockName = leaf(readJson(file), (schema.name as string).slice(2));
        expect(blockName.length, `${file} ${blockName}`).toBeLessThanOrEqual(25);
      }
    }
  });

  it("the country selector's calling codes match libphonenumber-js", () => {
    const snippet = readFileSync(
      path.join(EXTENSION_DIR, "snippets", "whatsapp-optin-countries.liquid"),
      "utf8",
    );
    const table = /assign wa_dial_codes = '([^']+)'/.exec(snippet)?.[1];
    const expected = `,${getCountries()
      .map((c) => `${c}:${getCountryCallingCode(c)}`)
      .join(",")},`;
    expect(table).toBe(expected);
  });
});

describe("shopify theme check (the real CLI, offline)", () => {
  it("reports no offense of any severity", async () => {
    const cli = path.join(ROOT, "node_modules", "@shopify", "cli", "bin", "run.js");
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [cli, "theme", "check", "--path", EXTENSION_DIR, "--output", "json", "--fail-level", "info"],
      { cwd: ROOT, env: { ...process.env, SHOPIFY_CLI_NO_ANALYTICS: "1", NO_COLOR: "1" }, timeout: 120_000 },
    );
    const report = JSON.parse(stdout.slice(stdout.indexOf("["))) as { path: string; offenses: unknown[] }[];
    expect(report.flatMap((f) => f.offenses.map((o) => ({ file: f.path, ...(o as object) })))).toEqual([]);
  }, 120_000);
});
