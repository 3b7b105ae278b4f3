import { createHmac } from "node:crypto";
import { TEST_SHOP } from "./app";

/** A generic inbound WhatsApp message, signed with the shop's inbound secret (X-Signature). */
export function inboundRequest(body: unknown, secret: string, shop = TEST_SHOP): Request {
  const raw = JSON.stringify(body);
  const signature = `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`;
  return new Request(`https://app.example.test/whatsapp/inbound?shop=${shop}`, {
    method: "POST",
    body: raw,
    headers: { "x-signature": signature, "content-type": "application/json", "x-forwarded-for": "192.0.2.1" },
  });
}
