/**
 * The production build, served by server.js as `npm start` serves it: the headers
 * an embedded app needs on real responses, and no boot at all with demo
 * mode switched on. Needs `npm run build` first (npm test does it).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import { freshProxyParams, optInBody, proxyRequestWithQuery } from "../../tools/support/app-proxy";
import { BUILD, freePort } from "../../tools/support/capture-server";
import { TEST_API_KEY, TEST_API_SECRET, TEST_SHOP } from "../helpers/app";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const ROOT = path.resolve(import.meta.dirname, "../..");
const children: ChildProcess[] = [];
let database: TestDatabase;
let base: string;
let serverOutput: () => string;

/** Starts the build; a variable given as undefined is removed from the server's environment. */
function serve(port: number, env: Record<string, string | undefined>) {
  let output = "";
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    NODE_ENV: "production",
    DATABASE_URL: database.url,
    SHOPIFY_API_KEY: TEST_API_KEY,
    SHOPIFY_API_SECRET: TEST_API_SECRET,
    SHOPIFY_APP_URL: `http://localhost:${port}`,
    DEMO_MODE: "0",
    ...env,
  };
  for (const [name, value] of Object.entries(environment)) if (value === undefined) delete environment[name];
  const child = spawn(process.execPath, [path.join(ROOT, "server.js"), BUILD], {
    cwd: ROOT,
    env: environment,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  children.push(child);
  return { child, output: () => output };
}

beforeAll(async () => {
  expect(existsSync(BUILD), "npm test builds the app before running the tests (npm run build)").toBe(true);
  database = await createTestDatabase();
  await database.db.shop.create({
    data: { domain: TEST_SHOP, brandName: "Acme Coffee", defaultCountry: "US" },
  });
  await setConsentTextInUse(database.db, TEST_SHOP, "storefront", optInBody().consentText);
  const port = await freePort();
  const { child, output } = serve(port, {});
  serverOutput = output;
  base = `http://localhost:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`the built server exited with ${child.exitCode}`);
    const up = await fetch(base).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (attempt > 150) throw new Error("the built server did not start");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  await database?.cleanup();
});

describe("headers on real responses of the production build", () => {
  // As a browser: Shopify's library answers bots 410 on admin paths, and the app URL sends a
  // request with a shop on to /app (then, without a session token, to the library's bounce page).
  const browser = { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0" };

  it("an admin document opened for a shop may be framed by that shop's admin and Shopify's, nothing else", async () => {
    const response = await fetch(`${base}/auth/session-token?shop=${TEST_SHOP}&host=abc&embedded=1`, {
      headers: browser,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(
      new RegExp(`frame-ancestors https://${TEST_SHOP.replaceAll(".", "\\.")} https://admin\\.shopify\\.com`),
    );
    // This page is the library's own (App Bridge bounce): its headers are the library's, which
    // set frame-ancestors per shop but not nosniff; the app's own documents are checked below.
  });

  it.each([
    ["no shop", "/"],
    ["a shop that is not a Shopify domain", "/?shop=evil.example"],
  ])("a document with %s may only be framed by Shopify's admin", async (_name, url) => {
    const response = await fetch(`${base}${url}`, { headers: browser });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toBe(
      "frame-ancestors https://admin.shopify.com;",
    );
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("storefront App Proxy answers (recorded or refused) are nosniff and never cached", async () => {
    const signed = proxyRequestWithQuery("/proxy/optin", freshProxyParams(), {
      body: JSON.stringify(optInBody()),
    });
    const recorded = await fetch(`${base}${new URL(signed.url).pathname}${new URL(signed.url).search}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: await signed.text(),
    });
    expect(recorded.status).toBe(201);
    const unsigned = await fetch(`${base}/proxy/optin`, { method: "POST", body: "{}" });
    expect(unsigned.status).toBe(401);
    for (const response of [recorded, unsigned]) {
      expect(response.headers.get("content-type")).toMatch(/application\/json/);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("the Meta handshake never echoes caller text as anything but plain text", async () => {
    const response = await fetch(`${base}/whatsapp/meta?shop=${TEST_SHOP}&hub.challenge=%3Cscript%3E`);
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("the admin is not reachable without Shopify's authentication", async () => {
    const response = await fetch(`${base}/app`, { redirect: "manual" });
    expect(response.status).not.toBe(200);
  });
});

describe("the access log", () => {
  it("names method, path and status, never the query string (customer ids, session tokens)", async () => {
    const customerId = "987654321012";
    const token = "eyJhbGciOiJIUzI1NiJ9.c2Vzc2lvbi10b2tlbg.c2lnbmF0dXJl";
    await fetch(
      `${base}/proxy/optin?shop=${TEST_SHOP}&logged_in_customer_id=${customerId}&timestamp=1&signature=abc`,
      { method: "POST", body: "{}" },
    );
    await fetch(`${base}/app?shop=${TEST_SHOP}&id_token=${token}`, { redirect: "manual" });
    await expect.poll(serverOutput).toMatch(/^POST \/proxy\/optin 401 [\d.]+ ms$/m);
    await expect.poll(serverOutput).toMatch(/^GET \/app \d{3} [\d.]+ ms$/m);
    expect(serverOutput()).not.toContain(customerId);
    expect(serverOutput()).not.toContain(token);
    expect(serverOutput()).not.toContain("?");
  });
});

describe("demo mode in production", () => {
  it.each([
    ["NODE_ENV=production", "production"],
    ["NODE_ENV unset (npm start, as documented)", undefined],
  ])("%s with DEMO_MODE=1 refuses to boot and says why", async (_name, nodeEnv) => {
    const { child, output } = serve(await freePort(), { DEMO_MODE: "1", NODE_ENV: nodeEnv });
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), 30_000);
      child.once("exit", (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect(code, "the server kept running").not.toBeNull();
    expect(code).not.toBe(0);
    expect(output()).toMatch(/DEMO_MODE=1 is refused when NODE_ENV=production/);
  });
});
