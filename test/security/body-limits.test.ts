/**
 * Bounded request bodies on the production build under `npm start`'s 256 MB
 * heap: every route with an action (found from app/routes), and an address
 * with none, gets at once a body declared at 200 MB and a chunked one of up
 * to 200 MB, carrying what lets each route go as far as reading its body
 * (a webhook signature header, a signed App Proxy query, a checkout session
 * token). Each is refused without the server reading it whole (the sender
 * is cut off long before its 200 MB), the routes that read bodies say 413,
 * and the server still answers and records a real opt-in afterwards.
 */
import { readdirSync, readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CaptureServer,
  captureBody,
  freePort,
  prepareCaptureDatabase,
  signedProxyQuery,
  startCaptureServer,
} from "../../tools/support/capture-server";
import { TEST_API_KEY, TEST_API_SECRET, TEST_SHOP } from "../helpers/app";
import { freshDatabaseUrl } from "../helpers/database";

const TOTAL = 200 * 1024 * 1024;
const ROUTES_DIR = path.resolve(import.meta.dirname, "../../app/routes");

/** Remix flat-route file name to URL path (`$id` filled in). */
function routePath(file: string): string {
  const segments = file
    .replace(/\.tsx?$/, "")
    .split(".")
    .filter((segment) => segment !== "_index")
    .map((segment) => (segment.startsWith("$") ? "1" : segment));
  return `/${segments.join("/")}`;
}

const postRoutes = readdirSync(ROUTES_DIR)
  .filter((file) =>
    /export (const|async function|function) action\b/.test(readFileSync(path.join(ROUTES_DIR, file), "utf8")),
  )
  .map(routePath);

/** What lets each route get as far as reading its body. */
async function passage(route: string): Promise<{ query: string; headers: Record<string, string> }> {
  if (route.startsWith("/webhooks/")) {
    return {
      query: "",
      headers: {
        "x-shopify-hmac-sha256": "bm90IGEgc2lnbmF0dXJl",
        "x-shopify-topic": "customers/update",
        "x-shopify-shop-domain": TEST_SHOP,
        "x-shopify-webhook-id": "w-1",
        "x-shopify-api-version": "2026-10",
      },
    };
  }
  if (route.startsWith("/proxy/")) return { query: `?${signedProxyQuery()}`, headers: {} };
  if (route.startsWith("/checkout/")) {
    const { token } = await getJwt(TEST_SHOP.replace(".myshopify.com", ""), TEST_API_KEY, TEST_API_SECRET);
    return { query: "", headers: { authorization: `Bearer ${token}` } };
  }
  if (route.startsWith("/whatsapp/")) return { query: `?shop=${TEST_SHOP}`, headers: {} };
  return { query: "", headers: {} };
}

interface Outcome {
  status: number | null;
  sent: number;
}

/** Streams up to `total` bytes (declared or chunked) until the server answers or cuts the connection. */
function sendLarge(base: string, target: string, headers: Record<string, string>, chunked: boolean) {
  return new Promise<Outcome>((resolve) => {
    const url = new URL(target, base);
    const request = httpRequest(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...headers,
        ...(chunked ? { "transfer-encoding": "chunked" } : { "content-length": String(TOTAL) }),
      },
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    let status: number | null = null;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      request.destroy();
      resolve({ status, sent });
    };
    const timer = setTimeout(finish, 60_000);
    request.on("response", (response) => {
      status = response.statusCode ?? null;
      response.resume();
      response.once("end", () => {
        clearTimeout(timer);
        finish();
      });
    });
    request.on("error", () => {
      // A cut connection: the answer, if any, is already in `status`; wait briefly for it.
      setTimeout(() => {
        clearTimeout(timer);
        finish();
      }, 200);
    });
    const pump = () => {
      while (!settled && sent < TOTAL) {
        sent += chunk.length;
        if (!request.write(chunk)) {
          request.once("drain", pump);
          return;
        }
      }
      if (!settled) request.end();
    };
    pump();
  });
}

let database: { url: string; dispose: () => Promise<void> };
let server: CaptureServer;

beforeAll(async () => {
  database = await freshDatabaseUrl();
  await prepareCaptureDatabase(database.url);
  server = await startCaptureServer({ databaseUrl: database.url, port: await freePort() });
});
afterAll(async () => {
  await server?.kill();
  await database?.dispose();
});

describe("request bodies on the built server (256 MB heap)", () => {
  it("finds the routes that take a POST", () => {
    expect(postRoutes).toEqual(
      expect.arrayContaining(["/webhooks/customers", "/proxy/optin", "/checkout/optin", "/whatsapp/inbound"]),
    );
  });

  it("refuses 200 MB bodies, declared and chunked, to every POST route at once, and keeps answering", async () => {
    const targets = [...postRoutes, "/no-such-address"];
    const attempts = await Promise.all(
      targets.flatMap((route) =>
        [false, true].map(async (chunked) => {
          const { query, headers } = await passage(route);
          const outcome = await sendLarge(server.url, `${route}${query}`, headers, chunked);
          return { route, chunked, ...outcome };
        }),
      ),
    );
    expect(server.child.exitCode, "the server died").toBeNull();
    for (const attempt of attempts) {
      const name = `${attempt.route} ${attempt.chunked ? "chunked" : "declared"}`;
      // Cut off long before the end: the server neither read nor drained the rest.
      expect(attempt.sent, name).toBeLessThan(TOTAL / 2);
      // A chunked sender still writing when the server closes can get a reset that
      // discards the 413 already on the wire (TCP drops unread data on RST): the
      // connection was refused all the same, which the line above checks.
      if (attempt.status === null && attempt.chunked) continue;
      expect(attempt.status, name).not.toBeNull();
      // A refusal: 413, or the route's own (an admin page sends the unsigned-in to log in).
      expect(attempt.status, name).toBeGreaterThanOrEqual(300);
      expect(attempt.status, name).toBeLessThan(500);
      const readsBody = !attempt.route.startsWith("/app") && attempt.route !== "/no-such-address";
      if (!attempt.chunked || readsBody) expect(attempt.status, name).toBe(413);
    }

    // The chunked path does answer 413: most senders read it before any reset.
    expect(attempts.some((attempt) => attempt.chunked && attempt.status === 413)).toBe(true);

    const health = await fetch(`${server.url}/`);
    expect(health.status).toBe(200);
    const optIn = await fetch(`${server.url}/proxy/optin?${signedProxyQuery()}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(captureBody(1)),
    });
    expect(optIn.status).toBe(201);
  });

  it("answers 413 with a sentence and the limit, for a body just over it", async () => {
    const body = JSON.stringify({ ...captureBody(2), padding: "x".repeat(17 * 1024) });
    const response = await fetch(`${server.url}/proxy/optin?${signedProxyQuery()}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatch(/too large.*16 KB/);
  });
});
