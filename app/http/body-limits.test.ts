/**
 * Request bodies are bounded per address before anything parses them: a
 * storefront form cannot send megabytes, a webhook may carry Shopify's full
 * payload, and a body past its bound is given up as soon as it passes it,
 * whether its length was declared or not.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  bodyLimitFor,
  CAPTURE_MAX_BYTES,
  FORM_MAX_BYTES,
  readBody,
  tooLargeBody,
  WEBHOOK_MAX_BYTES,
} from "./body-limits";
import { parseJsonBody } from "./json-body";

beforeAll(() => {
  // bodyLimitFor reads LIST_CHECK_MAX_MB through appEnv(), which needs the app's settings.
  Object.assign(process.env, {
    SHOPIFY_API_KEY: "k",
    SHOPIFY_API_SECRET: "s",
    SHOPIFY_APP_URL: "https://app.example.test",
    LIST_CHECK_MAX_MB: "1.5",
  });
});

/** A body sent in chunks without a Content-Length, as a chunked upload arrives. */
function chunkedRequest(chunks: string[], path = "/proxy/optin"): Request {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Request(`https://app.example.test${path}`, {
    method: "POST",
    body: stream,
    duplex: "half",
  } as RequestInit);
}

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  new Request(`https://app.example.test${path}`, { method: "POST", body, headers });

describe("the byte limit of each address", () => {
  it("webhooks and WhatsApp deliveries may carry Shopify's 1,000,000-byte ceiling", () => {
    expect(WEBHOOK_MAX_BYTES).toBe(1_000_000);
    expect(bodyLimitFor("/webhooks/customers/update")).toBe(WEBHOOK_MAX_BYTES);
    expect(bodyLimitFor("/whatsapp/meta")).toBe(WEBHOOK_MAX_BYTES);
  });

  it("storefront and checkout capture take 16 KB, also when posted to the route's .data address", () => {
    expect(CAPTURE_MAX_BYTES).toBe(16 * 1024);
    expect(bodyLimitFor("/proxy/optin")).toBe(CAPTURE_MAX_BYTES);
    expect(bodyLimitFor("/proxy/optin.data")).toBe(CAPTURE_MAX_BYTES);
    expect(bodyLimitFor("/checkout/optin")).toBe(CAPTURE_MAX_BYTES);
  });

  it("the list check takes LIST_CHECK_MAX_MB plus the multipart framing; every other address 256 KB", () => {
    expect(bodyLimitFor("/app/list-check")).toBe(Math.floor(1.5 * 1024 * 1024) + 64 * 1024);
    expect(bodyLimitFor("/app/list-check.data")).toBe(Math.floor(1.5 * 1024 * 1024) + 64 * 1024);
    expect(FORM_MAX_BYTES).toBe(256 * 1024);
    // Only a trailing .data is single fetch's: a .data elsewhere in the path does not move it under /webhooks/.
    for (const path of [
      "/app/settings",
      "/app/list-check/other",
      "/x/webhooks/",
      "/x/proxy/",
      "/webhooks",
      "/webhooks.data/x",
    ]) {
      expect(bodyLimitFor(path)).toBe(FORM_MAX_BYTES);
    }
  });

  it("the 413 body names the limit in words (MB from a million bytes, KB below)", () => {
    expect(JSON.parse(tooLargeBody(1_000_000))).toEqual({
      error: "The request body is too large: this address accepts at most 1 MB.",
    });
    expect(JSON.parse(tooLargeBody(999_999))).toEqual({
      error: "The request body is too large: this address accepts at most 976 KB.",
    });
    expect(JSON.parse(tooLargeBody(16 * 1024 + 1023))).toEqual({
      error: "The request body is too large: this address accepts at most 16 KB.",
    });
    expect(JSON.parse(tooLargeBody(2_500_000)).error).toContain("at most 2 MB.");
  });
});

describe("reading a body within its limit", () => {
  it("reads a body of exactly the limit, as sent, multi-byte characters included", async () => {
    const text = `${"é".repeat(8)}${"a".repeat(CAPTURE_MAX_BYTES - 16)}`;
    expect(await readBody(post("/proxy/optin", text))).toEqual({ ok: true, value: text });
    expect(
      await readBody(chunkedRequest(["é".repeat(4), "é".repeat(4), "a".repeat(CAPTURE_MAX_BYTES - 16)])),
    ).toEqual({ ok: true, value: text });
  });

  it("refuses a declared Content-Length past the limit before reading a byte", async () => {
    const request = post("/proxy/optin", "{}", { "content-length": String(CAPTURE_MAX_BYTES + 1) });
    expect(await readBody(request)).toEqual({
      ok: false,
      kind: "too_large",
      message: "The request body is too large: this address accepts at most 16 KB.",
    });
    expect(request.bodyUsed).toBe(false);
  });

  it("a declared length at the limit, or one that is not a number, is judged on the bytes that arrive", async () => {
    expect(
      await readBody(post("/proxy/optin", "{}", { "content-length": String(CAPTURE_MAX_BYTES) })),
    ).toEqual({
      ok: true,
      value: "{}",
    });
    expect(await readBody(post("/proxy/optin", "{}", { "content-length": "lots" }))).toEqual({
      ok: true,
      value: "{}",
    });
  });

  it("gives up a chunked body as soon as it passes the limit, one byte over is enough", async () => {
    const over = await readBody(chunkedRequest(["a".repeat(CAPTURE_MAX_BYTES), "b"]));
    expect(over).toMatchObject({ ok: false, kind: "too_large" });
    expect(await readBody(chunkedRequest(["a".repeat(100)]), 99)).toMatchObject({
      ok: false,
      kind: "too_large",
    });
    expect(await readBody(chunkedRequest(["a".repeat(99)]), 99)).toEqual({ ok: true, value: "a".repeat(99) });
  });

  it("stops pulling from a stream once it is over the limit", async () => {
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const request = new Request("https://app.example.test/proxy/optin", {
      method: "POST",
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(await readBody(request)).toMatchObject({ ok: false, kind: "too_large" });
    expect(pulls).toBeLessThan(40);
  });

  it("a request without a body reads as empty", async () => {
    expect(await readBody(new Request("https://app.example.test/proxy/optin"))).toEqual({
      ok: true,
      value: "",
    });
  });
});

describe("a JSON body checked against a schema", () => {
  const Schema = z.object({
    phone: z.string().min(3, "Enter your phone number."),
    nested: z.object({ n: z.number() }),
  });

  it("returns the parsed value when it fits", async () => {
    const body = { phone: "612", nested: { n: 1 } };
    expect(await parseJsonBody(post("/proxy/optin", JSON.stringify(body)), Schema)).toEqual({
      ok: true,
      value: body,
    });
  });

  it("refuses what is not JSON, or holds a NUL, as invalid with the reason", async () => {
    expect(await parseJsonBody(post("/proxy/optin", "{phone"), Schema)).toEqual({
      ok: false,
      kind: "invalid",
      message: "The request body must be JSON.",
    });
    expect(
      await parseJsonBody(post("/proxy/optin", JSON.stringify({ phone: "6\u00001" })), Schema),
    ).toMatchObject({
      ok: false,
      kind: "invalid",
      message: expect.stringContaining("NUL"),
    });
  });

  it("names the first field at fault and says what is wrong with it", async () => {
    expect(
      await parseJsonBody(post("/proxy/optin", JSON.stringify({ phone: "6", nested: { n: 1 } })), Schema),
    ).toEqual({ ok: false, kind: "invalid", message: "Enter your phone number.", field: "phone" });
    expect(
      await parseJsonBody(post("/proxy/optin", JSON.stringify({ phone: "612", nested: { n: "1" } })), Schema),
    ).toMatchObject({ ok: false, kind: "invalid", field: "nested.n" });
  });

  it("refuses a body past the address's limit as too large, before parsing it", async () => {
    const big = JSON.stringify({ phone: "x".repeat(CAPTURE_MAX_BYTES), nested: { n: 1 } });
    expect(await parseJsonBody(post("/proxy/optin", big), Schema)).toMatchObject({
      ok: false,
      kind: "too_large",
    });
  });
});
