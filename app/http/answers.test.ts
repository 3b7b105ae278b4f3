import { describe, expect, it } from "vitest";
import { problem } from "../problem";
import {
  acknowledged,
  downloadResponse,
  invariantResponse,
  problemResponse,
  refuse,
  statusOf,
  tooManyRequests,
  wrongMethod,
} from "./answers";

describe("answers", () => {
  it("gives every problem kind the status the routes have always answered with", () => {
    expect(
      Object.fromEntries(
        (
          [
            "invalid",
            "unauthenticated",
            "forbidden",
            "not_found",
            "wrong_method",
            "too_large",
            "unsupported_content",
            "unprocessable",
            "rate_limited",
            "unavailable",
          ] as const
        ).map((kind) => [kind, statusOf(kind)]),
      ),
    ).toEqual({
      invalid: 400,
      unauthenticated: 401,
      forbidden: 403,
      not_found: 404,
      wrong_method: 405,
      too_large: 413,
      unsupported_content: 415,
      unprocessable: 422,
      rate_limited: 429,
      unavailable: 503,
    });
  });

  it("sends the message as JSON {error, field}, or as text when asked", async () => {
    const json = problemResponse(problem("invalid", "Enter your phone number.", "phone"));
    expect(json.status).toBe(400);
    expect(json.headers.get("content-type")).toBe("application/json");
    expect(await json.json()).toEqual({ error: "Enter your phone number.", field: "phone" });
    const text = refuse("unauthenticated", "Unauthorized: the webhook is not signed", { text: true });
    expect(text.status).toBe(401);
    expect(await text.text()).toBe("Unauthorized: the webhook is not signed");
  });

  it("tells a rate-limited caller when to come back, and lets a cross-origin caller read a refusal", () => {
    const limited = tooManyRequests();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(refuse("invalid", "no", { cors: true }).headers.get("access-control-allow-origin")).toBe("*");
    expect(refuse("invalid", "no").headers.get("access-control-allow-origin")).toBeNull();
  });

  it("asks only a rate-limited caller to wait, and tells every refused caller what to do in words", async () => {
    expect(refuse("invalid", "no").headers.get("retry-after")).toBeNull();
    expect(refuse("unavailable", "later").headers.get("retry-after")).toBeNull();
    expect(await tooManyRequests().json()).toMatchObject({
      error: "Too many requests. Please wait a minute and try again.",
    });
    const method = wrongMethod();
    expect(method.status).toBe(405);
    expect(await method.json()).toMatchObject({ error: "Use POST." });
  });

  it("acknowledges a delivery with a bare 200", async () => {
    const ok = acknowledged();
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("");
  });

  it("stops a loader with a 404 only when the condition fails", () => {
    expect(() => invariantResponse({ id: 1 }, { notFound: true })).not.toThrow();
    let thrown: unknown;
    try {
      invariantResponse(null, { notFound: true });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
  });

  it("sends a download as an attachment nobody caches", () => {
    const body = new ReadableStream<Uint8Array>();
    const shared = downloadResponse({ body, contentType: "application/zip", fileName: "pack.zip" });
    expect(shared.headers.get("content-disposition")).toBe('attachment; filename="pack.zip"');
    expect(shared.headers.get("cache-control")).toBe("no-store");
    expect(shared.headers.get("content-length")).toBeNull();
    const own = downloadResponse({
      body,
      contentType: "text/csv",
      fileName: "a.csv",
      size: 12,
      privateCopy: true,
    });
    expect(own.headers.get("cache-control")).toBe("private, no-store");
    expect(own.headers.get("content-length")).toBe("12");
  });
});
