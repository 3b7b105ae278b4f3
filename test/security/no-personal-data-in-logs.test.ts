/**
 * Privacy: nothing the app prints may contain a shopper's phone or email.
 * Everything written to console, stdout and stderr is captured during a full
 * flow (storefront capture, double opt-in confirmation, checkout capture,
 * customers/create and orders/create webhooks, rejected requests carrying
 * personal data, a bulk sync against the Admin API emulator) and searched
 * for every phone (as typed, E.164, digits only) and email used.
 */
import { randomUUID } from "node:crypto";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleError } from "../../app/entry.server";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import * as checkout from "../../app/routes/checkout.optin";
import * as proxy from "../../app/routes/proxy.optin";
import * as optout from "../../app/routes/proxy.optout";
import * as customersHook from "../../app/routes/webhooks.customers";
import * as orders from "../../app/routes/webhooks.orders.create";
import * as inbound from "../../app/routes/whatsapp.inbound";
import { adminClient } from "../../app/shopify/admin-client.server";
import { startBulkCustomerSync, waitForBulkSync } from "../../app/sync/bulk-sync.server";
import { generateCustomers } from "../../tools/admin-emulator/generator";
import { type AdminEmulator, startAdminEmulator } from "../../tools/admin-emulator/server";
import { orderPayload } from "../../tools/admin-emulator/webhooks";
import { optInBody, signedProxyRequest } from "../../tools/support/app-proxy";
import { loadTestApp, TEST_API_KEY, TEST_API_SECRET, TEST_SHOP } from "../helpers/app";
import { inboundRequest } from "../helpers/inbound";
import { callAction, signedWebhook } from "../helpers/webhooks";

const STORE_TEXT = optInBody().consentText;
const CHECKOUT_TEXT = "Yes, send me Acme Coffee offers and news on WhatsApp. Reply STOP to opt out.";
const INBOUND_SECRET = "inbound-secret";
const TOKEN = "shpat_logs";
const customers = generateCustomers({ count: 120, seed: 11 });

/** Every phone and email this test sends, in the forms they were sent. */
const used = {
  phones: ["612 34 56 78", "+1 415 555 2671", "(650) 253-0000", "+44 7911 123456", "+34 699 11 22 33"],
  emails: ["lucia.logtest@example.com", "sam.logtest@example.org", "Order.Logtest@Example.net"],
};
for (const customer of customers) {
  if (customer.phone) used.phones.push(customer.phone);
  if (customer.email) used.emails.push(customer.email);
}

let app: Awaited<ReturnType<typeof loadTestApp>>;
let emulator: AdminEmulator;
let printed = "";
const restore: (() => void)[] = [];

function capture() {
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      printed += typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString();
      return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => {
      stream.write = original;
    });
  }
  for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      printed += `${args.map((arg) => (typeof arg === "string" ? arg : safeJson(arg))).join(" ")}\n`;
    };
    restore.push(() => {
      console[method] = original;
    });
  }
}
const safeJson = (value: unknown) => {
  try {
    return value instanceof Error ? `${value.message}\n${value.stack}` : JSON.stringify(value);
  } catch {
    return String(value);
  }
};

beforeAll(async () => {
  capture();
  emulator = await startAdminEmulator({
    apiSecret: TEST_API_SECRET,
    shops: [
      {
        domain: TEST_SHOP,
        accessToken: TOKEN,
        country: "US",
        customers,
        throttle: { maximumAvailable: 2000, restoreRate: 2000 },
      },
    ],
  });
  app = await loadTestApp({ RATE_LIMIT_PER_CLIENT: "1000", SHOPIFY_ADMIN_API_ORIGIN: emulator.url });
  await app.db.session.create({
    data: { id: `offline_${TEST_SHOP}`, shop: TEST_SHOP, state: "", isOnline: false, accessToken: TOKEN },
  });
  await app.db.shop.create({
    data: {
      domain: TEST_SHOP,
      brandName: "Acme Coffee",
      defaultCountry: "ES",
      doubleOptIn: true,
      whatsappNumber: "+34 900 000 000",
      inboundSecret: INBOUND_SECRET,
    },
  });
  await setConsentTextInUse(app.db, TEST_SHOP, "storefront", STORE_TEXT);
  await setConsentTextInUse(app.db, TEST_SHOP, "checkout", CHECKOUT_TEXT);
});
afterAll(async () => {
  for (const undo of restore.reverse()) undo();
  await emulator?.close();
  await app?.cleanup();
});

describe("no personal data in logs", () => {
  it("a full capture, confirmation, webhook and sync flow prints no phone or email", async () => {
    // Storefront opt-in, then its WhatsApp confirmation.
    const stored = await callAction(
      proxy.action,
      await signedProxyRequest("/proxy/optin", optInBody({ phone: "612 34 56 78" })),
    );
    expect(stored.status).toBe(201);
    const { confirmUrl } = await stored.json();
    const code = decodeURIComponent(String(confirmUrl).split("text=")[1] ?? "").replace("CONFIRM ", "");
    const confirm = { messageId: randomUUID(), from: "+34612345678", text: `CONFIRM ${code}` };
    expect((await callAction(inbound.action, inboundRequest(confirm, INBOUND_SECRET))).status).toBe(200);
    // Rejected requests that carry personal data.
    const bad = { messageId: randomUUID(), from: "+34699112233", text: "CONFIRM 00000000" };
    expect((await callAction(inbound.action, inboundRequest(bad, INBOUND_SECRET))).status).toBe(404);
    expect((await callAction(inbound.action, inboundRequest(bad, "wrong"))).status).toBe(401);
    const refused = optInBody({ phone: "+34 699 11 22 33", consentText: "lucia.logtest@example.com" });
    expect((await callAction(proxy.action, await signedProxyRequest("/proxy/optin", refused))).status).toBe(
      422,
    );
    const out = await callAction(
      optout.action,
      await signedProxyRequest("/proxy/optout", {
        ...optInBody({ phone: "+44 7911 123456" }),
        confirm: true,
      }),
    );
    expect(out.status).toBe(201);

    // Checkout capture, then the order that carries it.
    const token = (
      await getJwt(TEST_SHOP.replace(".myshopify.com", ""), TEST_API_KEY, TEST_API_SECRET, { sub: "" })
    ).token;
    const checkoutBody = {
      eventId: randomUUID(),
      consent: true,
      phone: "+1 415 555 2671",
      consentText: CHECKOUT_TEXT,
      target: "checkout",
      checkoutToken: "tok-logs",
    };
    const checkedOut = await callAction(
      checkout.action,
      new Request("https://app.example.test/checkout/optin", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(checkoutBody),
      }),
    );
    expect(checkedOut.status).toBe(201);
    const { eventId } = await checkedOut.json();
    // The order's consent metafield is read from Shopify (the emulator) by the handler.
    const buyer = emulator.store.createCustomer(
      TEST_SHOP,
      { email: "Order.Logtest@Example.net", phone: "(650) 253-0000" },
      { webhook: false },
    );
    const order = orderPayload(
      emulator.store.createOrder(TEST_SHOP, {
        customerId: buyer.id,
        metafields: { "$app:whatsapp_consent.event_id": eventId },
      }),
      buyer,
      "USD",
    );
    expect(
      (
        await callAction(
          orders.action,
          await signedWebhook("/webhooks/orders/create", "orders/create", order),
        )
      ).status,
    ).toBe(200);

    // Shopify customer webhooks: one good, one malformed.
    const customer = {
      id: 902,
      email: "sam.logtest@example.org",
      phone: "+1 415 555 2671",
      updated_at: "2026-06-01T10:00:00Z",
      email_marketing_consent: {
        state: "subscribed",
        opt_in_level: "single_opt_in",
        consent_updated_at: "2026-06-01T10:00:00Z",
      },
      sms_marketing_consent: {
        state: "subscribed",
        opt_in_level: "single_opt_in",
        consent_updated_at: "2026-06-01T10:00:00Z",
      },
    };
    expect(
      (
        await callAction(
          customersHook.action,
          await signedWebhook("/webhooks/customers", "customers/create", customer),
        )
      ).status,
    ).toBe(200);
    const malformed = { ...customer, id: "lucia.logtest@example.com", updated_at: "+34 612 34 56 78" };
    expect(
      (
        await callAction(
          customersHook.action,
          await signedWebhook("/webhooks/customers", "customers/update", malformed),
        )
      ).status,
    ).toBeLessThan(500);

    // A bulk sync of the emulated store.
    const client = adminClient({ shop: TEST_SHOP, accessToken: TOKEN, origin: emulator.url });
    const job = await startBulkCustomerSync(app.db, client, TEST_SHOP);
    const bulk = await waitForBulkSync(app.db, client, TEST_SHOP, job.operationId, {
      intervalMs: 100,
      timeoutMs: 60_000,
    });
    expect(bulk?.customers).toBe(emulator.store.customers(TEST_SHOP).length);

    // The capture worked (so there was something to leak): the log was written to.
    expect(printed.length).toBeGreaterThan(0);
    const leaks = leaked(printed);
    expect(leaks, `personal data printed:\n${leaks.join("\n")}`).toEqual([]);
  });

  it("an unexpected error from a loader or action is logged without the phones and emails it carries", async () => {
    const start = printed.length;
    const error = new Error(
      'Invalid `prisma.contact.create()` invocation: { phoneE164: "+34699112233", email: "lucia.logtest@example.com" }',
    );
    handleError(error, { request: new Request("https://app.example.test/proxy/optin", { method: "POST" }) });
    const logged = printed.slice(start);
    expect(logged).toContain("prisma.contact.create()");
    expect(leaked(logged)).toEqual([]);
  });
});

/** Each phone in every form (as typed, E.164-like, digits only) and each email, found in the text. */
function leaked(text: string): string[] {
  const haystack = text.toLowerCase();
  const digitsOnly = text.replace(/\D/g, " ");
  const found: string[] = [];
  for (const email of used.emails) if (haystack.includes(email.toLowerCase())) found.push(email);
  for (const phone of used.phones) {
    const digits = phone.replace(/\D/g, "");
    if (digits.length < 7) continue; // too short to tell from a count or a timestamp
    if (text.includes(phone)) found.push(phone);
    else if (text.includes(`+${digits}`)) found.push(`+${digits} (${phone})`);
    else if (new RegExp(`(^|\\D)${digits}(\\D|$)`).test(digitsOnly) && digits.length >= 9)
      found.push(`${digits} (${phone})`);
  }
  return found;
}
