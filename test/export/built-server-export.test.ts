/**
 * The production server (server.js, `npm start`) with an export whose
 * database read fails after the first byte: the connection is cut, so the
 * client sees an incomplete download, never a shorter file that looks whole
 * nor an error page inside it; the export log records the failure. The
 * admin request is authenticated as Shopify's admin sends it (session token
 * signed by Shopify's own test helper, stored offline session).
 */
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSENT_RULES_VERSION } from "../../app/consent/rules-version";
import { type CaptureServer, freePort, startCaptureServer } from "../../tools/support/capture-server";
import { TEST_API_KEY, TEST_API_SECRET, TEST_SHOP } from "../helpers/app";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const SCOPES = "read_customers,write_customers,write_app_proxy,read_orders";
let database: TestDatabase;
let server: CaptureServer;

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  await db.shop.create({ data: { domain: TEST_SHOP, rulesVersion: CONSENT_RULES_VERSION } });
  await db.session.create({
    data: {
      id: `offline_${TEST_SHOP}`,
      shop: TEST_SHOP,
      state: "",
      isOnline: false,
      accessToken: "shpat_test_offline_token",
      scope: SCOPES,
    },
  });
  await db.contact.createMany({
    data: Array.from({ length: 3000 }, (_, index) => ({
      shop: TEST_SHOP,
      phoneE164: `+3465${String(index).padStart(7, "0")}`,
      segment: "sms_only",
      reasons: "NO_WHATSAPP_OPT_IN;SMS_ONLY",
    })),
  });
  server = await startCaptureServer({ databaseUrl: database.url, port: await freePort(), env: { SCOPES } });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await database?.cleanup();
});

async function adminGet(path: string) {
  const request = await setUpValidRequest(
    {
      type: RequestType.Admin,
      store: TEST_SHOP.replace(/\.myshopify\.com$/, ""),
      apiKey: TEST_API_KEY,
      apiSecretKey: TEST_API_SECRET,
    },
    new Request(`${server.url}${path}`),
  );
  // A browser, as a merchant downloading from the admin (Shopify's library answers bots 410).
  const headers = {
    "accept-encoding": "identity",
    "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0",
  };
  return fetch(request.url, { headers, redirect: "manual" });
}

async function readAll(response: Response) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return { text, complete: true };
      text += decoder.decode(chunk.value, { stream: true });
    }
  } catch {
    return { text, complete: false };
  }
}

describe("an export that fails after its first byte on the production server", () => {
  it("downloads whole while the database answers", async () => {
    const response = await adminGet("/app/export/re-permission");
    expect(response.status).toBe(200);
    const { text, complete } = await readAll(response);
    expect(complete).toBe(true);
    expect(text.split("\r\n").filter(Boolean)).toHaveLength(3001);
  });

  it("is cut: the client sees an incomplete download with nothing appended, and the log says failed", async () => {
    // Headers and the CSV header line go out before the first page of contacts is read.
    await database.db.$executeRawUnsafe('ALTER TABLE "Contact" RENAME TO "ContactAway"');
    try {
      // The cut may come before the client has parsed the headers (fetch rejects) or after (the body does).
      const { text, complete } = await adminGet("/app/export/re-permission").then(readAll, () => ({
        text: "",
        complete: false,
      }));
      expect(complete).toBe(false);
      expect(text).not.toMatch(/error|<html|stack/i);
    } finally {
      await database.db.$executeRawUnsafe('ALTER TABLE "ContactAway" RENAME TO "Contact"');
    }
    const logs = await database.db.exportLog.findMany({
      where: { shop: TEST_SHOP },
      orderBy: { createdAt: "asc" },
    });
    expect(logs.map((log) => [log.status, log.rows])).toEqual([
      ["completed", 3000],
      ["failed", 0],
    ]);
  });
});
