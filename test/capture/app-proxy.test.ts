import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import * as optin from "../../app/routes/proxy.optin";
import * as optout from "../../app/routes/proxy.optout";
import { manuallySignedProxyRequest, optInBody, signedProxyRequest } from "../../tools/support/app-proxy";
import { loadTestApp, TEST_SHOP } from "../helpers/app";
import { callAction } from "../helpers/webhooks";

let app: Awaited<ReturnType<typeof loadTestApp>>;
const TEXT = optInBody().consentText;

beforeAll(async () => {
  app = await loadTestApp({ RATE_LIMIT_PER_CLIENT: "1000" });
  await app.db.shop.create({ data: { domain: TEST_SHOP, brandName: "Acme Coffee", defaultCountry: "US" } });
  expect(await setConsentTextInUse(app.db, TEST_SHOP, "storefront", TEXT)).toMatchObject({ ok: true });
});
afterAll(() => app.cleanup());

const events = () => app.db.consentEvent.count({ where: { shop: TEST_SHOP } });

describe("App Proxy opt-in", () => {
  it("records one substantiated WhatsApp opt-in with the exact text, source and server time", async () => {
    const body = optInBody();
    const before = Date.now();
    const response = await callAction(optin.action, await signedProxyRequest("/proxy/optin", body));
    expect(response.status).toBe(201);
    const answer = await response.json();
    const event = await app.db.consentEvent.findUniqueOrThrow({
      where: { id: answer.eventId },
      include: { consentText: true },
    });
    expect(event).toMatchObject({
      channel: "whatsapp",
      action: "opt_in",
      sourceKind: "storefront_block",
      captureMethod: "checkbox",
    });
    expect(event.consentText?.text).toBe(TEXT);
    expect(event.sourceDetail).toBe("https://acme-coffee.example/pages/whatsapp#block-1");
    expect(event.occurredAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(JSON.parse(event.details ?? "{}")).toMatchObject({ ipPrefix: "203.0.113.0", userAgent: "vitest" });
    const contact = await app.db.contact.findUniqueOrThrow({ where: { id: event.contactId } });
    expect(contact).toMatchObject({
      phoneE164: "+34612345678",
      segment: "whatsapp_substantiated",
      reasons: "",
    });
  });

  it("a retry with the same event id stores nothing more", async () => {
    const body = optInBody();
    const now = Math.floor(Date.now() / 1000);
    const first = await callAction(optin.action, manuallySignedProxyRequest("/proxy/optin", body, now));
    const count = await events();
    // Shopify signs the retry anew (a later timestamp).
    const second = await callAction(optin.action, manuallySignedProxyRequest("/proxy/optin", body, now + 1));
    expect([first.status, second.status]).toEqual([201, 200]);
    expect((await second.json()).status).toBe("already_recorded");
    expect(await events()).toBe(count);
  });

  it("rejects forged, unsigned, stale and replayed requests with 401 and records nothing", async () => {
    const count = await events();
    const now = Math.floor(Date.now() / 1000);
    const forged = manuallySignedProxyRequest("/proxy/optin", optInBody(), now, "wrong-secret");
    const stale = manuallySignedProxyRequest("/proxy/optin", optInBody(), now - 3600);
    const unsigned = new Request(`https://app.example.test/proxy/optin?shop=${TEST_SHOP}`, {
      method: "POST",
      body: JSON.stringify(optInBody()),
    });
    for (const request of [forged, stale, unsigned]) {
      const response = await callAction(optin.action, request);
      expect(response.status).toBe(401);
      expect((await response.json()).error).toMatch(/did not come from the store/);
    }
    const body = optInBody();
    const fresh = manuallySignedProxyRequest("/proxy/optin", body, now);
    const replay = new Request(fresh.url, { method: "POST", body: JSON.stringify(body) });
    expect((await callAction(optin.action, fresh)).status).toBe(201);
    expect((await callAction(optin.action, replay)).status).toBe(401);
    expect(await events()).toBe(count + 1);
  });

  it("refuses wording the shop did not configure (422) and an unticked box (400)", async () => {
    const count = await events();
    const invented = await callAction(
      optin.action,
      await signedProxyRequest(
        "/proxy/optin",
        optInBody({ consentText: "I agree to WhatsApp messages from Acme Coffee." }),
      ),
    );
    expect(invented.status).toBe(422);
    expect((await invented.json()).error).toMatch(/not one this store shows/);
    const unticked = await callAction(
      optin.action,
      await signedProxyRequest("/proxy/optin", optInBody({ consent: false })),
    );
    expect(unticked.status).toBe(400);
    expect((await unticked.json()).error).toMatch(/not ticked/);
    const badPhone = await callAction(
      optin.action,
      await signedProxyRequest("/proxy/optin", optInBody({ phone: "12345" })),
    );
    expect(badPhone.status).toBe(422);
    const notJson = await signedProxyRequest("/proxy/optin", "x");
    expect(
      (await callAction(optin.action, new Request(notJson.url, { method: "POST", body: "{oops" }))).status,
    ).toBe(400);
    expect(await events()).toBe(count);
  });

  it("an opt-out from the storefront makes the contact opted out", async () => {
    const response = await callAction(
      optout.action,
      await signedProxyRequest("/proxy/optout", {
        ...optInBody(),
        consent: undefined,
        consentText: undefined,
        confirm: true,
      }),
    );
    expect(response.status).toBe(201);
    const { eventId } = await response.json();
    const event = await app.db.consentEvent.findUniqueOrThrow({ where: { id: eventId } });
    expect(event).toMatchObject({ channel: "whatsapp", action: "opt_out", sourceKind: "storefront_block" });
    const contact = await app.db.contact.findFirstOrThrow({
      where: { shop: TEST_SHOP, phoneE164: "+34612345678" },
    });
    expect(contact.segment).toBe("opted_out");
  });
});
