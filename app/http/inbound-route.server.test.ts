/**
 * The WhatsApp inbound endpoints, called in-process on a migrated SQLite
 * database with bodies signed as Meta (X-Hub-Signature-256, the Meta app
 * secret) and our generic relay (X-Signature, the inbound secret) sign them:
 * only the shop's own secret over these exact bytes gets a message applied;
 * a confirmation code only confirms the number it was sent to; failed
 * signatures and each shop's deliveries have allowances (low here, so that
 * each is reached).
 */
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTestApp } from "../../test/helpers/app";
import { recordCapturedConsent } from "../capture/record-consent.server";
import { setConsentTextInUse } from "../ledger/consent-texts.server";
import { handleInbound, handleMetaVerification, type InboundFlavour } from "./inbound-route.server";

const PER_CLIENT = 3;
const PER_SHOP = 4;
const INBOUND_SECRET = "inbound-s3cret";
const META_SECRET = "meta-app-s3cret";
const TEXT = "Send me offers and news from Acme Coffee on WhatsApp. Reply STOP to unsubscribe at any time.";
let app: Awaited<ReturnType<typeof loadTestApp>>;
let shops = 0;
let clients = 0;

beforeAll(async () => {
  // One load balancer in front: the X-Forwarded-For entry it appends is the client.
  app = await loadTestApp({
    RATE_LIMIT_PER_CLIENT: String(PER_CLIENT),
    RATE_LIMIT_PER_SHOP: String(PER_SHOP),
    TRUST_PROXY_HOPS: "1",
  });
});
afterAll(() => app.cleanup());

/** A shop of its own per test (its own allowance), with double opt-in on. */
async function newShop(secrets: { inboundSecret?: string | null; metaAppSecret?: string | null } = {}) {
  shops += 1;
  const domain = `inbound-${shops}.myshopify.com`;
  await app.db.shop.create({
    data: {
      domain,
      brandName: "Acme Coffee",
      defaultCountry: "ES",
      doubleOptIn: true,
      whatsappNumber: "+34 900 000 000",
      inboundSecret: INBOUND_SECRET,
      metaAppSecret: META_SECRET,
      ...secrets,
    },
  });
  expect(await setConsentTextInUse(app.db, domain, "storefront", TEXT)).toMatchObject({ ok: true });
  return domain;
}

/** A new client address per call unless one is given: each test's failures are its own. */
const nextClient = () => {
  clients += 1;
  return `198.51.${clients}.9`;
};

const sign = (secret: string, raw: string) =>
  `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`;

function delivery(
  shop: string,
  body: unknown,
  options: { flavour?: InboundFlavour; secret?: string; client?: string; raw?: string; method?: string } = {},
) {
  const flavour = options.flavour ?? "generic";
  const raw = options.raw ?? JSON.stringify(body);
  const secret = options.secret ?? (flavour === "meta" ? META_SECRET : INBOUND_SECRET);
  const header = flavour === "meta" ? "x-hub-signature-256" : "x-signature";
  return new Request(`https://app.example.test/whatsapp/${flavour}?shop=${encodeURIComponent(shop)}`, {
    method: options.method ?? "POST",
    body: options.method === "GET" ? undefined : raw,
    headers: { [header]: sign(secret, raw), "x-forwarded-for": options.client ?? nextClient() },
  });
}

const generic = (from: string, text: string) => ({ messageId: `m-${randomUUID()}`, from, text });
const metaPayload = (from: string, text: string) => ({
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
            messages: [
              {
                from,
                id: `wamid.${randomUUID()}`,
                timestamp: "1760000000",
                type: "text",
                text: { body: text },
              },
            ],
          },
        },
      ],
    },
  ],
});

async function send(request: Request, flavour: InboundFlavour = "generic") {
  const response = await handleInbound(request, flavour);
  return {
    status: response.status,
    body: response.status === 200 ? await response.json() : await response.text(),
  };
}

/** An opt-in waiting for its confirmation, and the code sent to the shopper. */
async function pendingOptIn(shop: string, phone: string) {
  const outcome = await recordCapturedConsent(app.db, {
    shop,
    clientEventId: randomUUID(),
    action: "opt_in",
    phone,
    consentText: TEXT,
    sourceKind: "storefront_block",
    sourceDetail: "test",
    captureMethod: "checkbox",
  });
  if (outcome.status !== "recorded" || !outcome.confirmUrl) throw new Error("no confirmation issued");
  return {
    code: decodeURIComponent(outcome.confirmUrl.split("text=")[1] ?? "").replace("CONFIRM ", ""),
    outcome,
  };
}

const actionsOf = async (shop: string) =>
  (await app.db.consentEvent.findMany({ where: { shop }, orderBy: { seq: "asc" } })).map(
    (event) => event.action,
  );

describe("applying signed inbound messages", () => {
  it("CONFIRM with the code from the number it was sent to confirms the opt-in, once", async () => {
    const shop = await newShop();
    const { code } = await pendingOptIn(shop, "+34612345678");
    const confirm = await send(delivery(shop, generic("+34612345678", `CONFIRM ${code}`)));
    expect(confirm).toEqual({
      status: 200,
      body: { confirmed: 1, optedOut: 0, unknownCodes: 0, ignored: 0 },
    });
    expect(await actionsOf(shop)).toEqual(["opt_in", "confirm"]);
    const used = await app.db.doubleOptInCode.findFirstOrThrow({ where: { shop, code } });
    expect(used.usedAt).not.toBeNull();
    const again = await send(delivery(shop, generic("+34612345678", `CONFIRM ${code}`)));
    expect(again.status).toBe(404);
    expect(await actionsOf(shop)).toEqual(["opt_in", "confirm"]);
  });

  it("a code sent from another number, or a code no one was given, confirms nothing (404)", async () => {
    const shop = await newShop();
    const { code } = await pendingOptIn(shop, "+34612345678");
    const other = await send(delivery(shop, generic("+34699999999", `CONFIRM ${code}`)));
    expect(other.status).toBe(404);
    expect(JSON.parse(other.body)).toMatchObject({ unknownCodes: 1, confirmed: 0 });
    expect((await send(delivery(shop, generic("+34612345678", "CONFIRM 00000000")))).status).toBe(404);
    expect(await actionsOf(shop)).toEqual(["opt_in"]);
  });

  it("a stop word records an opt-out; other text is counted as ignored and records nothing", async () => {
    const shop = await newShop();
    expect(
      await send(delivery(shop, metaPayload("34612345678", "STOP"), { flavour: "meta" }), "meta"),
    ).toEqual({
      status: 200,
      body: { confirmed: 0, optedOut: 1, unknownCodes: 0, ignored: 0 },
    });
    expect(await send(delivery(shop, generic("+34612345678", "hello")))).toEqual({
      status: 200,
      body: { confirmed: 0, optedOut: 0, unknownCodes: 0, ignored: 1 },
    });
    expect(await actionsOf(shop)).toEqual(["opt_out"]);
  });

  it("a confirmation is recorded as a WhatsApp reply naming its code and message; the same message delivered again records nothing more", async () => {
    const shop = await newShop();
    const { code, outcome } = await pendingOptIn(shop, "+34612345678");
    const message = generic("+34612345678", `CONFIRM ${code}`);
    expect((await send(delivery(shop, message))).status).toBe(200);
    const confirm = await app.db.consentEvent.findFirstOrThrow({ where: { shop, action: "confirm" } });
    expect(confirm).toMatchObject({
      contactId: outcome.contactId,
      sourceKind: "whatsapp_reply",
      sourceDetail: `code:${code}`,
      captureMethod: "click_to_chat",
      optInLevel: "confirmed",
      clientEventId: `whatsapp:${message.messageId}`,
    });
    expect(JSON.parse(confirm.details ?? "{}")).toMatchObject({ messageId: message.messageId });
    // A platform redelivers: the code is used by then, so the same message confirms nothing twice.
    expect((await send(delivery(shop, message))).status).toBe(404);
    expect(await actionsOf(shop)).toEqual(["opt_in", "confirm"]);
  });

  it("a stop word is recorded as an opt-out from the WhatsApp reply, naming its message; a redelivery records nothing more", async () => {
    const shop = await newShop();
    const message = generic("+34612345678", "STOP");
    const counts = { confirmed: 0, optedOut: 1, unknownCodes: 0, ignored: 0 };
    expect(await send(delivery(shop, message))).toEqual({ status: 200, body: counts });
    const optOut = await app.db.consentEvent.findFirstOrThrow({ where: { shop } });
    expect(optOut).toMatchObject({
      action: "opt_out",
      sourceKind: "whatsapp_reply",
      sourceDetail: "inbound message",
      captureMethod: "click_to_chat",
      clientEventId: `whatsapp:${message.messageId}`,
    });
    expect(JSON.parse(optOut.details ?? "{}")).toMatchObject({ messageId: message.messageId });
    const contact = await app.db.contact.findUniqueOrThrow({ where: { id: optOut.contactId } });
    expect(contact.phoneE164).toBe("+34612345678");
    expect(await send(delivery(shop, message))).toEqual({ status: 200, body: counts });
    expect(await actionsOf(shop)).toEqual(["opt_out"]);
  });

  it("a second stop word in another message is recorded too: each message is its own event", async () => {
    const shop = await newShop();
    await send(delivery(shop, generic("+34612345678", "STOP")));
    await send(delivery(shop, generic("+34612345678", "BAJA")));
    expect(await actionsOf(shop)).toEqual(["opt_out", "opt_out"]);
  });

  it("a code issued by another shop confirms nothing here, even from the number it was sent to", async () => {
    const issuer = await newShop();
    const { code } = await pendingOptIn(issuer, "+34612345678");
    const shop = await newShop();
    const elsewhere = await send(delivery(shop, generic("+34612345678", `CONFIRM ${code}`)));
    expect(elsewhere.status).toBe(404);
    expect(await actionsOf(shop)).toEqual([]);
    expect(await actionsOf(issuer)).toEqual(["opt_in"]);
    const unused = await app.db.doubleOptInCode.findFirstOrThrow({ where: { shop: issuer, code } });
    expect(unused.usedAt).toBeNull();
  });

  it("a confirmation that cannot be recorded (its stored number no longer reads as a phone) is not counted and leaves the code unused", async () => {
    const shop = await newShop();
    const contact = await app.db.contact.create({ data: { shop, phoneE164: "+000000" } });
    await app.db.doubleOptInCode.create({
      data: { code: "ABCD2345", shop, contactId: contact.id, eventId: "no-event" },
    });
    expect(await send(delivery(shop, generic("+000000", "CONFIRM ABCD2345")))).toEqual({
      status: 200,
      body: { confirmed: 0, optedOut: 0, unknownCodes: 0, ignored: 0 },
    });
    expect(await actionsOf(shop)).toEqual([]);
    const code = await app.db.doubleOptInCode.findFirstOrThrow({ where: { shop, code: "ABCD2345" } });
    expect(code.usedAt).toBeNull();
  });

  it("a stop word from a number that is no phone records nothing and counts no opt-out", async () => {
    const shop = await newShop();
    expect(await send(delivery(shop, generic("+000000", "STOP")))).toEqual({
      status: 200,
      body: { confirmed: 0, optedOut: 0, unknownCodes: 0, ignored: 0 },
    });
    expect(await actionsOf(shop)).toEqual([]);
  });

  it("a delivery that confirms one code and stops one number is answered 200 even when it also holds an unknown code", async () => {
    const shop = await newShop();
    const { code } = await pendingOptIn(shop, "+34612345678");
    const payload = metaPayload("34612345678", `CONFIRM ${code}`);
    const messages = payload.entry[0]?.changes[0]?.value.messages ?? [];
    const [first] = messages;
    if (!first) throw new Error("the payload holds a message");
    messages.push(
      { ...first, id: `wamid.${randomUUID()}`, from: "34611111111", text: { body: "STOP" } },
      { ...first, id: `wamid.${randomUUID()}`, text: { body: "CONFIRM 00000000" } },
    );
    expect(await send(delivery(shop, payload, { flavour: "meta" }), "meta")).toEqual({
      status: 200,
      body: { confirmed: 1, optedOut: 1, unknownCodes: 1, ignored: 0 },
    });
  });

  it("a signed body that is not JSON, or not a message, is refused 400", async () => {
    const shop = await newShop();
    const notJson = await send(delivery(shop, null, { raw: "{not json" }));
    expect(notJson.status).toBe(400);
    // The answer names the problem: the body is no JSON at all.
    expect(JSON.stringify(notJson.body)).toContain("must be JSON");
    const wrongShape = await send(delivery(shop, { messageId: "m", from: "me", text: "STOP" }));
    expect(wrongShape.status).toBe(400);
    expect(await actionsOf(shop)).toEqual([]);
  });

  it("anything but POST is refused 405", async () => {
    const shop = await newShop();
    expect((await send(delivery(shop, null, { method: "GET" }))).status).toBe(405);
  });
});

describe("the inbound endpoints' signatures and allowances", () => {
  it("a body signed with another secret, or each flavour's signature on the other's endpoint, is refused 401 and records nothing", async () => {
    const shop = await newShop();
    const stop = generic("+34612345678", "STOP");
    expect((await send(delivery(shop, stop, { secret: "another-secret" }))).status).toBe(401);
    expect((await send(delivery(shop, stop, { secret: META_SECRET }))).status).toBe(401);
    const meta = metaPayload("34612345678", "STOP");
    expect(
      (await send(delivery(shop, meta, { flavour: "meta", secret: INBOUND_SECRET }), "meta")).status,
    ).toBe(401);
    // Meta's body signed right but sent with our header name: the Meta endpoint reads only its own header.
    const misnamed = delivery(shop, meta, { flavour: "generic", secret: META_SECRET });
    expect((await send(misnamed, "meta")).status).toBe(401);
    expect(await actionsOf(shop)).toEqual([]);
  });

  it("a shop without a secret, an unknown shop or a shop that is not a myshopify domain gets 401", async () => {
    const shop = await newShop({ inboundSecret: null });
    const stop = generic("+34612345678", "STOP");
    expect((await send(delivery(shop, stop))).status).toBe(401);
    expect((await send(delivery("unknown-shop.myshopify.com", stop))).status).toBe(401);
    expect((await send(delivery("evil.example", stop))).status).toBe(401);
    const metaStop = metaPayload("34612345678", "STOP");
    expect(
      (await send(delivery("unknown-shop.myshopify.com", metaStop, { flavour: "meta" }), "meta")).status,
    ).toBe(401);
    expect(await actionsOf(shop)).toEqual([]);
  });

  it("a confirmation that matches no pending code is answered 404 in words, with the counts", async () => {
    const shop = await newShop();
    const missed = await send(delivery(shop, generic("+34612345678", "CONFIRM FFFF2345")));
    expect(missed.status).toBe(404);
    expect(JSON.parse(missed.body as string)).toEqual({
      error: "No pending confirmation matches that code and number.",
      confirmed: 0,
      optedOut: 0,
      unknownCodes: 1,
      ignored: 0,
    });
  });

  it("a 401 says what is wrong: the signature is missing or wrong for this shop", async () => {
    const shop = await newShop();
    const refused = await send(delivery(shop, generic("+34612345678", "STOP"), { secret: "another-secret" }));
    expect(refused.status).toBe(401);
    expect(refused.body).toContain("Signature missing or wrong for this shop.");
  });

  it("a shop parameter that is not a myshopify domain is refused 401 before its body is read, however large", async () => {
    const big = JSON.stringify(generic("+34612345678", "x".repeat(1_000_001)));
    expect((await send(delivery("evil.example", null, { raw: big }))).status).toBe(401);
  });

  it("a body past the webhook ceiling is refused 413 before its signature is checked", async () => {
    const shop = await newShop();
    const big = JSON.stringify(generic("+34612345678", "x".repeat(1_000_001)));
    expect((await send(delivery(shop, null, { raw: big }))).status).toBe(413);
  });

  it("the 4th failed signature from one client in a minute is refused 429; another client still gets 401", async () => {
    const shop = await newShop();
    const forged = () =>
      delivery(shop, generic("+34612345678", "STOP"), { secret: "guess", client: "192.0.2.44" });
    const statuses = [];
    for (let i = 0; i <= PER_CLIENT; i += 1) statuses.push((await send(forged())).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const notShopify = delivery("evil.example", {}, { client: "192.0.2.44" });
    expect((await send(notShopify)).status).toBe(429);
    expect((await send(delivery(shop, {}, { secret: "guess" }))).status).toBe(401);
    // Signed deliveries are not held back by failures from the same address.
    expect(
      (await send(delivery(shop, generic("+34612345678", "STOP"), { client: "192.0.2.44" }))).status,
    ).toBe(200);
  });

  it("the shop's 5th signed delivery in a minute is refused 429, from any address", async () => {
    const shop = await newShop();
    const statuses = [];
    for (let i = 0; i <= PER_SHOP; i += 1)
      statuses.push((await send(delivery(shop, generic("+34612345678", "hi")))).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const other = await newShop();
    expect((await send(delivery(other, generic("+34612345678", "hi")))).status).toBe(200);
  });
});

describe("Meta's verification handshake", () => {
  const handshake = (shop: string, params: Record<string, string>, client = nextClient()) => {
    const url = new URL("https://app.example.test/whatsapp/meta");
    url.searchParams.set("shop", shop);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return handleMetaVerification(new Request(url, { headers: { "x-forwarded-for": client } }));
  };

  it("echoes the challenge as plain text when the token is the shop's inbound secret", async () => {
    const shop = await newShop();
    const response = await handshake(shop, {
      "hub.mode": "subscribe",
      "hub.verify_token": INBOUND_SECRET,
      "hub.challenge": "<b>42</b>",
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("<b>42</b>");
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("a verified handshake without a challenge echoes nothing: an empty 200, not text of its own", async () => {
    const shop = await newShop();
    const response = await handshake(shop, { "hub.mode": "subscribe", "hub.verify_token": INBOUND_SECRET });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });

  it("refuses 403 another token, another mode, a shop without a secret, an unknown or malformed shop", async () => {
    const shop = await newShop();
    const noSecret = await newShop({ inboundSecret: null });
    const good = { "hub.mode": "subscribe", "hub.verify_token": INBOUND_SECRET, "hub.challenge": "42" };
    const refused = [
      await handshake(shop, { ...good, "hub.verify_token": "inbound-s3creX" }),
      await handshake(shop, { ...good, "hub.verify_token": `${INBOUND_SECRET}x` }),
      await handshake(shop, { ...good, "hub.verify_token": "" }),
      await handshake(shop, { ...good, "hub.mode": "unsubscribe" }),
      await handshake(noSecret, { ...good, "hub.verify_token": "" }),
      await handshake("unknown.myshopify.com", good),
      await handshake("Evil.example", good),
    ];
    for (const response of refused) {
      expect(response.status).toBe(403);
      expect(await response.text()).toBe("Verification token does not match.");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("the 4th handshake from one client in a minute is refused 429", async () => {
    const shop = await newShop();
    const statuses = [];
    for (let i = 0; i <= PER_CLIENT; i += 1) {
      statuses.push(
        (await handshake(shop, { "hub.mode": "subscribe", "hub.verify_token": "guess" }, "192.0.2.77"))
          .status,
      );
    }
    expect(statuses).toEqual([403, 403, 403, 429]);
  });
});
