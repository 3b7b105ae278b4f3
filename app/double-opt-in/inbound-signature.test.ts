/**
 * The signature on inbound WhatsApp deliveries: an HMAC-SHA256 of the raw
 * body with the shop's secret, as `sha256=<hex>` (Meta's X-Hub-Signature-256
 * and our X-Signature). Only the exact signature of these exact bytes with
 * this secret is accepted.
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { validHmacSignature } from "./inbound.server";

const SECRET = "inbound-s3cret";
const BODY = JSON.stringify({ from: "+34612345678", text: "CONFIRM 123456", messageId: "m1" });
const sign = (body: string, secret = SECRET) =>
  `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;

describe("validHmacSignature", () => {
  it("accepts the body's signature with the shop's secret, also with surrounding spaces", () => {
    expect(validHmacSignature(SECRET, BODY, sign(BODY))).toBe(true);
    expect(validHmacSignature(SECRET, BODY, ` ${sign(BODY)}\t`)).toBe(true);
    const accented = '{"text":"Sí, confirmo"}';
    expect(validHmacSignature(SECRET, accented, sign(accented))).toBe(true);
  });

  it("refuses a body signed with another secret", () => {
    expect(validHmacSignature(SECRET, BODY, sign(BODY, "another-secret"))).toBe(false);
  });

  it("refuses a signature of other bytes (the body changed after signing)", () => {
    expect(validHmacSignature(SECRET, `${BODY} `, sign(BODY))).toBe(false);
  });

  it("refuses the right digest without its sha256= prefix, in capitals, or cut short", () => {
    const signature = sign(BODY);
    expect(validHmacSignature(SECRET, BODY, signature.slice("sha256=".length))).toBe(false);
    expect(validHmacSignature(SECRET, BODY, `sha256=${signature.slice(7).toUpperCase()}`)).toBe(false);
    expect(validHmacSignature(SECRET, BODY, signature.slice(0, -1))).toBe(false);
    expect(validHmacSignature(SECRET, BODY, `${signature}0`)).toBe(false);
  });

  it("refuses everything when the shop has no secret, or the request no signature", () => {
    expect(validHmacSignature(null, BODY, sign(BODY, ""))).toBe(false);
    expect(validHmacSignature(undefined, BODY, sign(BODY, ""))).toBe(false);
    expect(validHmacSignature("", BODY, sign(BODY, ""))).toBe(false);
    expect(validHmacSignature(SECRET, BODY, null)).toBe(false);
    expect(validHmacSignature(SECRET, BODY, "")).toBe(false);
  });
});
