import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import * as optin from "../../app/routes/proxy.optin";
import * as generic from "../../app/routes/whatsapp.inbound";
import * as meta from "../../app/routes/whatsapp.meta";
import { optInBody, signedProxyRequest } from "../../tools/support/app-proxy";
import { loadTestApp, TEST_SHOP } from "../helpers/app";
import { callAction } from "../helpers/webhooks";

let app: Awaited<ReturnType<typeof loadTestApp>>;
const INBOUND_SECRET = "inbound-secret";
const META_SECRET = "meta-app-secret";

beforeAll(async () => {
  app = await loadTestApp({ RATE_LIMIT_PER_CLIENT: "1000" });
  await app.db.shop.create({
    data: {
      domain: TEST_SHOP,
      brandName: "Acme Coffee",
      defaultCountry: "ES",
      doubleOptIn: true,
      whatsappNumber: "+34 900 000 000",
      inboundSecret: INBOUND_SECRET,
      metaAppSecret: META_SECRET,
    },
  });
  await setConsentTextInUse(app.db, TEST_SHOP, "storefront", optInBody().consentText);
});
afterAll(() => app.cleanup());

const sign = (secret: string, body: string) =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

function inbound(body: unknown, options: { secret?: string; flavour?: "generic" | "meta" } = {}) {
  const flavour = options.flavour ?? "generic";
  const raw = JSON.stringify(body);
  const header = flavour === "meta" ? "x-hub-signature-256" : "x-signature";
  const secret = options.secret ?? (flavour === "meta" ? META_SECRET : INBOUND_SECRET);
  const request = new Request(`https://app.example.test/whatsapp/${flavour}?shop=${TEST_SHOP}`, {
    method: "POST",
    body: raw,
    headers: { [header]: sign(secret, raw), "content-type": "application/json" },
  });
  return callAction(flavour === "meta" ? meta.action : generic.action, request);
}

const metaPayload = (from: string, text: string, id: string) => ({
  object: "whatsapp_business_account",
  entry: [
    {
      id: "WABA",
      changes: [
        {
          field: "messages",
          value: {
            messaging_product: "whatsapp",
            metadata: { display_phone_number: "34900000000", phone_number_id: "1" },
            messages: [{ from, id, timestamp: "1760000000", type: "text", text: { body: text } }],
          },
        },
      ],
    },
  ],
});

async function optInAndGetCode(phone: string) {
  const response = await callAction(
    optin.action,
    await signedProxyRequest("/proxy/optin", optInBody({ phone })),
  );
  expect(response.status).toBe(201);
  const { confirmUrl } = await response.json();
  expect(confirmUrl).toMatch(/^https:\/\/wa\.me\/34900000000\?text=CONFIRM%20[0-9A-F]{8}$/);
  return decodeURIComponent(confirmUrl.split("text=")[1]).replace("CONFIRM ", "");
}

const contactOf = (phoneE164: string) =>
  app.db.contact.findFirstOrThrow({ where: { shop: TEST_SHOP, phoneE164 } });

describe("WhatsApp double opt-in", () => {
  it("a signed generic confirmation from the same number records a confirm and a confirmed opt-in", async () => {
    const code = await optInAndGetCode("+34 611 11 11 11");
    const response = await inbound({ messageId: "m-1", from: "+34611111111", text: `CONFIRM ${code}` });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ confirmed: 1 });
    const contact = await contactOf("+34611111111");
    expect(contact).toMatchObject({ segment: "whatsapp_substantiated", optInLevel: "confirmed" });
    expect(await app.db.consentEvent.count({ where: { contactId: contact.id, action: "confirm" } })).toBe(1);
  });

  it("the Meta-shaped webhook works the same with X-Hub-Signature-256", async () => {
    const code = await optInAndGetCode("+34 622 22 22 22");
    const response = await inbound(metaPayload("34622222222", `confirm ${code}`, "wamid.1"), {
      flavour: "meta",
    });
    expect(response.status).toBe(200);
    expect((await contactOf("+34622222222")).optInLevel).toBe("confirmed");
  });

  it("a bad signature gets 401 and changes nothing", async () => {
    const code = await optInAndGetCode("+34 633 33 33 33");
    const before = await app.db.consentEvent.count();
    expect(
      (await inbound({ messageId: "m-3", from: "+34633333333", text: `CONFIRM ${code}` }, { secret: "x" }))
        .status,
    ).toBe(401);
    expect(
      (await inbound(metaPayload("34633333333", `CONFIRM ${code}`, "w3"), { flavour: "meta", secret: "x" }))
        .status,
    ).toBe(401);
    expect(await app.db.consentEvent.count()).toBe(before);
  });

  it("a signed message holding a NUL character gets 400 and changes nothing", async () => {
    const code = await optInAndGetCode("+34 666 66 66 66");
    const before = await app.db.consentEvent.count();
    const generic = await inbound({
      messageId: "m-nul",
      from: "+34666666666",
      text: `CONFIRM ${code}\u0000`,
    });
    expect(generic.status).toBe(400);
    expect((await generic.json()).error).toContain("NUL character");
    const viaMeta = await inbound(metaPayload("34666666666\u0000", `CONFIRM ${code}`, "w-nul"), {
      flavour: "meta",
    });
    expect(viaMeta.status).toBe(400);
    expect(await app.db.consentEvent.count()).toBe(before);
  });

  it("an unknown code, or a code sent from another number, is 404 without side effects", async () => {
    const code = await optInAndGetCode("+34 644 44 44 44");
    const before = await app.db.consentEvent.count();
    expect((await inbound({ messageId: "m-4", from: "+34644444444", text: "CONFIRM DEADBEEF" })).status).toBe(
      404,
    );
    expect((await inbound({ messageId: "m-5", from: "+34655555555", text: `CONFIRM ${code}` })).status).toBe(
      404,
    );
    expect(await app.db.consentEvent.count()).toBe(before);
  });

  it("a reply from WhatsApp's form of the line confirms, and stops, the contact captured in the shop's form", async () => {
    // WhatsApp ids: Mexico keeps the old mobile 1, Argentina the mobile 9, older Brazilian accounts lack the ninth digit.
    for (const [captured, waId, stored] of [
      ["+52 55 1234 5678", "5215512345678", "+525512345678"],
      ["+54 11 4345 6789", "5491143456789", "+5491143456789"],
      ["+55 11 98123 4567", "551181234567", "+5511981234567"],
    ] as const) {
      const code = await optInAndGetCode(captured);
      const confirmed = await inbound(metaPayload(waId, `CONFIRM ${code}`, `wamid.line-${waId}`), {
        flavour: "meta",
      });
      expect(await confirmed.json(), captured).toMatchObject({ confirmed: 1 });
      expect((await contactOf(stored)).optInLevel, captured).toBe("confirmed");
      await inbound(metaPayload(waId, "STOP", `wamid.stop-${waId}`), { flavour: "meta" });
      expect(
        await app.db.contact.count({
          where: { shop: TEST_SHOP, phoneE164: { startsWith: stored.slice(0, 4) } },
        }),
      ).toBe(1);
      expect((await contactOf(stored)).segment, captured).toBe("opted_out");
    }
  });

  it("STOP (in any supported language) records an opt-out", async () => {
    await optInAndGetCode("+34 666 66 66 66");
    const response = await inbound({ messageId: "m-6", from: "+34666666666", text: "Baja" });
    expect(response.status).toBe(200);
    expect((await contactOf("+34666666666")).segment).toBe("opted_out");
    // The same message delivered again records nothing more.
    await inbound({ messageId: "m-6", from: "+34666666666", text: "Baja" });
    const contact = await contactOf("+34666666666");
    expect(await app.db.consentEvent.count({ where: { contactId: contact.id, action: "opt_out" } })).toBe(1);
  });
});
