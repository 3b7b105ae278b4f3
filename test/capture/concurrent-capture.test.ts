/**
 * Many storefront opt-ins for one shop at once through the App Proxy route on
 * a real migrated database: the shop's ledger must be one chain holding every
 * event exactly once. (Several app processes on one database: see
 * test/capture/crash-safety.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyShopLedger } from "../../app/ledger/consent-events.server";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import * as optin from "../../app/routes/proxy.optin";
import { manuallySignedProxyRequest, optInBody, signedProxyRequest } from "../../tools/support/app-proxy";
import { loadTestApp, TEST_SHOP } from "../helpers/app";
import { callAction } from "../helpers/webhooks";

const ROUTE_CAPTURES = 200;
const TEXT = optInBody().consentText;

let app: Awaited<ReturnType<typeof loadTestApp>>;

beforeAll(async () => {
  app = await loadTestApp({ RATE_LIMIT_PER_CLIENT: "100000", RATE_LIMIT_PER_SHOP: "100000" });
  await app.db.shop.create({ data: { domain: TEST_SHOP, brandName: "Acme Coffee", defaultCountry: "ES" } });
  expect(await setConsentTextInUse(app.db, TEST_SHOP, "storefront", TEXT)).toMatchObject({ ok: true });
});
afterAll(() => app.cleanup());

/** A distinct, valid Spanish mobile number per index. */
const phone = (index: number) => `+34 6${String(10_000_000 + index).padStart(8, "0")}`;

async function expectOneChain(expected: number, eventIds: readonly string[]) {
  const events = await app.db.consentEvent.findMany({
    where: { shop: TEST_SHOP },
    select: { seq: true, clientEventId: true },
  });
  expect(events).toHaveLength(expected);
  expect(new Set(events.map((event) => event.seq)).size).toBe(expected);
  expect(new Set(events.map((event) => event.clientEventId)).size).toBe(expected);
  const stored = new Set(events.map((event) => event.clientEventId));
  expect(eventIds.filter((id) => !stored.has(id))).toEqual([]);
  expect(await verifyShopLedger(app.db, TEST_SHOP)).toMatchObject({ ok: true, eventCount: expected });
  const shop = await app.db.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } });
  expect(shop.ledgerSeq).toBe(expected);
}

describe("concurrent captures for one shop", () => {
  it(`${ROUTE_CAPTURES} signed opt-ins at once through the route form one chain with every event once`, async () => {
    const bodies = Array.from({ length: ROUTE_CAPTURES }, (_, index) => optInBody({ phone: phone(index) }));
    const requests = await Promise.all(bodies.map((body) => signedProxyRequest("/proxy/optin", body)));
    const responses = await Promise.all(
      requests.map((request: Request) => callAction(optin.action, request)),
    );
    expect(responses.map((response: Response) => response.status)).toEqual(bodies.map(() => 201));
    await expectOneChain(
      ROUTE_CAPTURES,
      bodies.map((body) => body.eventId),
    );
  });
});

describe("the same shopper at once", () => {
  // On PostgreSQL a capture reads whether its event is stored in the same
  // statement that waits for the shop's lock, so a twin committed meanwhile
  // is unseen there: the unique event id must still leave one event.
  it("one event sent 20 times at once, each signed anew, is recorded once and every answer names it", async () => {
    const body = optInBody({ phone: phone(90_000) });
    // Signed at 20 different seconds: 20 signatures, so none is refused as a replay of another.
    const now = Math.floor(Date.now() / 1000);
    const requests = Array.from({ length: 20 }, (_, second) =>
      manuallySignedProxyRequest("/proxy/optin", body, now - second),
    );
    const responses = await Promise.all(
      requests.map((request: Request) => callAction(optin.action, request)),
    );
    const statuses = responses.map((response: Response) => response.status).sort();
    expect(statuses).toEqual([...Array.from({ length: 19 }, () => 200), 201]);
    const answers = await Promise.all(responses.map((response: Response) => response.json()));
    const stored = await app.db.consentEvent.findMany({
      where: { shop: TEST_SHOP, clientEventId: body.eventId },
    });
    expect(stored).toHaveLength(1);
    expect(new Set(answers.map((answer: { eventId: string }) => answer.eventId))).toEqual(
      new Set([stored[0]?.id]),
    );
    expect(await verifyShopLedger(app.db, TEST_SHOP)).toMatchObject({ ok: true });
  });

  it("one phone opted in 10 times at once, with 10 event ids, is one contact with 10 events", async () => {
    const number = phone(90_001);
    const e164 = number.replace(/ /g, "");
    const bodies = Array.from({ length: 10 }, () => optInBody({ phone: number }));
    const requests = await Promise.all(bodies.map((body) => signedProxyRequest("/proxy/optin", body)));
    const responses = await Promise.all(
      requests.map((request: Request) => callAction(optin.action, request)),
    );
    expect(responses.map((response: Response) => response.status)).toEqual(bodies.map(() => 201));
    const contacts = await app.db.contact.findMany({ where: { shop: TEST_SHOP, phoneE164: e164 } });
    expect(contacts.map((contact) => contact.phoneE164)).toHaveLength(1);
    const events = await app.db.consentEvent.count({ where: { contactId: contacts[0]?.id } });
    expect(events).toBe(10);
  });
});
