/**
 * Builds the checkout UI extension with the real Shopify CLI (offline) and
 * checks the bundle: size under Shopify's 64 KB compressed limit (and our
 * 20 KB budget), the app URL inlined at build time, both targets registered.
 *
 * The build runs in a temporary app folder holding only this extension, so
 * another extension being broken does not fail this test, and the repo's
 * working tree is not touched (the CLI writes dist/, manifest.json and
 * shopify.d.ts next to the extension).
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOPIFY_API_VERSION } from "../../app/shopify-api-version";

const ROOT = path.resolve(import.meta.dirname, "../..");
const HANDLE = "whatsapp-checkout";
const SOURCE = path.join(ROOT, "extensions", HANDLE);
const CLI = path.join(ROOT, "node_modules/@shopify/cli/bin/run.js");
const TSC = path.join(ROOT, "node_modules/typescript/bin/tsc");
const APP_URL = "https://consent.example.test";
const HARD_LIMIT = 64 * 1024;
const BUDGET = 20 * 1024;
const BUILD_TIMEOUT_MS = 300_000;

/** The least app configuration `shopify app build` accepts offline. */
const APP_TOML = `client_id = "00000000000000000000000000000000"
name = "WhatsApp Consent (bundle test)"
handle = "whatsapp-consent-bundle-test"
application_url = "${APP_URL}/"
embedded = true

[auth]
redirect_urls = ["${APP_URL}/auth/callback"]

[webhooks]
api_version = "${SHOPIFY_API_VERSION}"
`;

let workDir = "";
let build: { status: number | null; output: string } = { status: null, output: "" };
let built: { dir: string; bundle: Buffer } | undefined;

beforeAll(() => {
  workDir = mkdtempSync(path.join(os.tmpdir(), "wa-checkout-build-"));
  writeFileSync(path.join(workDir, "shopify.app.toml"), APP_TOML);
  writeFileSync(
    path.join(workDir, "package.json"),
    JSON.stringify({ name: "wa-checkout-bundle-test", private: true, type: "module" }),
  );
  symlinkSync(path.join(ROOT, "node_modules"), path.join(workDir, "node_modules"), "dir");
  const target = path.join(workDir, "extensions", HANDLE);
  const generated = new Set(["dist", "manifest.json", "shopify.d.ts", "node_modules"]);
  cpSync(SOURCE, target, {
    recursive: true,
    filter: (from) => !generated.has(path.relative(SOURCE, from).split(path.sep)[0] ?? ""),
  });

  const env: NodeJS.ProcessEnv = { ...process.env, APP_URL, SHOPIFY_CLI_NO_ANALYTICS: "1", NO_COLOR: "1" };
  delete env.SHOPIFY_APP_URL;
  const run = spawnSync(
    process.execPath,
    [CLI, "app", "build", "--path", workDir, "--skip-dependencies-installation"],
    { cwd: workDir, env, encoding: "utf8", timeout: BUILD_TIMEOUT_MS },
  );
  build = { status: run.status, output: `${run.stdout ?? ""}\n${run.stderr ?? ""}\n${run.error ?? ""}` };
  const bundlePath = path.join(target, "dist", `${HANDLE}.js`);
  if (existsSync(bundlePath)) built = { dir: target, bundle: readFileSync(bundlePath) };
}, BUILD_TIMEOUT_MS + 30_000);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

function bundle(): Buffer {
  expect(build.status, build.output).toBe(0);
  expect(built, `no dist/${HANDLE}.js after the build:\n${build.output}`).toBeDefined();
  return (built as { bundle: Buffer }).bundle;
}

describe("checkout UI extension bundle (real `shopify app build`)", () => {
  it("builds", () => {
    expect(build.status, build.output).toBe(0);
    expect(build.output).toContain(`${HANDLE} successfully built`);
  });

  it("is under Shopify's 64 KB compressed limit and within our 20 KB budget", () => {
    const code = bundle();
    const gzip = gzipSync(code, { level: 9 }).length;
    const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    process.stdout.write(
      `\n[${HANDLE}] bundle: ${code.length} B raw, ${gzip} B gzip (${(gzip / 1024).toFixed(1)} KB), ${brotli} B brotli\n`,
    );
    expect(gzip).toBeLessThanOrEqual(HARD_LIMIT);
    expect(brotli).toBeLessThanOrEqual(HARD_LIMIT);
    expect(gzip).toBeLessThanOrEqual(BUDGET);
  });

  it("has the app URL inlined at build time (APP_URL)", () => {
    const code = bundle().toString("utf8");
    expect(code).toContain(JSON.stringify(APP_URL));
    expect(code).not.toContain("process.env.APP_URL");
    expect(code).toContain("/checkout/optin");
  });

  it("registers both targets and never intercepts the buyer journey", () => {
    const code = bundle().toString("utf8");
    expect(code).toContain('shopify.extend("purchase.checkout.contact.render-after"');
    expect(code).toContain('shopify.extend("purchase.thank-you.block.render"');
    expect(code).not.toContain("intercept");
    const manifest = JSON.parse(
      readFileSync(path.join((built as { dir: string }).dir, "manifest.json"), "utf8"),
    );
    expect(Object.keys(manifest).sort()).toEqual([
      "purchase.checkout.contact.render-after",
      "purchase.thank-you.block.render",
    ]);
  });
});

describe("checkout UI extension sources", () => {
  it("type-check with the extension's own tsconfig (Preact JSX, Polaris web components)", () => {
    const run = spawnSync(process.execPath, [TSC, "--noEmit", "-p", path.join(SOURCE, "tsconfig.json")], {
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  }, 150_000);

  it("declares the API version, targets and capabilities the app relies on", () => {
    const toml = readFileSync(path.join(SOURCE, "shopify.extension.toml"), "utf8");
    expect(toml).toMatch(new RegExp(`^api_version = "${SHOPIFY_API_VERSION}"$`, "m"));
    expect(toml).toMatch(/^type = "ui_extension"$/m);
    expect(toml).toMatch(/^\s*target = "purchase\.checkout\.contact\.render-after"$/m);
    expect(toml).toMatch(/^\s*target = "purchase\.thank-you\.block\.render"$/m);
    expect(toml).toMatch(/^\s*network_access = true$/m);
    expect(toml).toMatch(/^\s*api_access = true$/m);
    expect(toml).not.toMatch(/block_progress/);
    // The wording comes from the app's metafield on the shop, not from a setting typed in the editor.
    expect(toml).toMatch(
      /^\s*\[\[extensions\.metafields\]\]\s*namespace = "\$app"\s*key = "consent_wording"$/m,
    );
    expect(toml).not.toMatch(/consent_text/);
  });
});
