/**
 * The overview, contacts and contact detail loaders on a real migrated
 * database, signed in through demo mode like the export test: counts equal
 * the database's, filters and search narrow the rows, bad links answer 400,
 * unknown or foreign contacts 404, never 500.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordCapturedConsent } from "../../app/capture/record-consent.server";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import * as overview from "../../app/routes/app._index";
import * as notFound from "../../app/routes/app.$";
import * as capturePage from "../../app/routes/app.capture";
import * as contacts from "../../app/routes/app.contacts._index";
import * as detail from "../../app/routes/app.contacts.$id";
import { loadTestApp } from "../helpers/app";
import { insertContacts, OTHER_SHOP, SHOP, seedContacts } from "./contact-seed";

const TEXT = "Yes, send me Demo Coffee offers on WhatsApp. Reply STOP to unsubscribe at any time.";
let app: Awaited<ReturnType<typeof loadTestApp>>;

beforeAll(async () => {
  app = await loadTestApp({
    NODE_ENV: "test",
    DEMO_MODE: "1",
    DEMO_SHOP: SHOP,
    RATE_LIMIT_PER_CLIENT: "1000",
  });
  await app.db.shop.create({ data: { domain: SHOP, brandName: "Demo Coffee", defaultCountry: "ES" } });
  await insertContacts(app.db, seedContacts(40, OTHER_SHOP, 2));
});
afterAll(() => app.cleanup());

async function load<T>(
  route: { loader: (args: never) => Promise<T> },
  path: string,
  params = {},
): Promise<T> {
  const args = { request: new Request(`http://localhost${path}`), params, context: {} };
  return route.loader(args as never);
}

/** The status of a loader that throws a Response (400, 404), or 200. */
async function status(route: { loader: (args: never) => Promise<unknown> }, path: string, params = {}) {
  try {
    await load(route, path, params);
    return 200;
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

async function capture(phone: string, action: "opt_in" | "opt_out" = "opt_in") {
  return recordCapturedConsent(app.db, {
    shop: SHOP,
    clientEventId: randomUUID(),
    action,
    phone,
    consentText: TEXT,
    sourceKind: "storefront_block",
    sourceDetail: "https://demo.example/pages/wa#b1",
    captureMethod: "checkbox",
  });
}

describe("overview", () => {
  it("shows the no-capture banner and failing checks for a shop with nothing yet", async () => {
    const data = await load(overview, "/app");
    expect(data.total).toBe(0);
    expect(data.captureLive).toBe(false);
    expect(data.readiness.map((check) => [check.id, check.pass])).toEqual([
      ["consent_text", false],
      ["timestamp_source", false],
      ["channel_clarity", true],
      ["scope_control", true],
      ["capture_live", false],
      ["exportable", false],
    ]);
    expect(data.readiness.find((check) => check.id === "exportable")?.fixUrl).toBe("/app/capture");
  });

  it("fails the capture and export checks when wording is saved but nobody opted in (what the demo shows)", async () => {
    await setConsentTextInUse(app.db, SHOP, "storefront", TEXT);
    const data = await load(overview, "/app");
    const passes = Object.fromEntries(data.readiness.map((check) => [check.id, check.pass]));
    expect(passes).toMatchObject({ consent_text: true, capture_live: false, exportable: false });
    // The banner and the capture setup page read the same fact.
    expect(data.captureLive).toBe(false);
    expect((await load(capturePage, "/app/capture")).anyLive).toBe(false);
  });

  it("counts segments like the database and charts today's storefront opt-ins", async () => {
    await setConsentTextInUse(app.db, SHOP, "storefront", TEXT);
    for (const phone of ["+34 611 000 001", "+34 611 000 002", "+34 611 000 003"]) await capture(phone);
    await capture("+34 611 000 003", "opt_out");
    const data = await load(overview, "/app");
    const groups = await app.db.contact.groupBy({
      by: ["segment"],
      where: { shop: SHOP },
      _count: { _all: true },
    });
    for (const group of groups)
      expect(data.segments[group.segment as keyof typeof data.segments]).toBe(group._count._all);
    expect(data.segments).toMatchObject({ whatsapp_substantiated: 2, opted_out: 1 });
    expect(data.exportable).toBe(2);
    expect(data.captureLive).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    expect(data.optIns.find((day) => day.day === today)?.counts).toEqual({ storefront_block: 3 });
    expect(data.optIns).toHaveLength(30);
    expect(data.readiness.every((check) => check.pass)).toBe(true);
  });
});

describe("contacts list route", () => {
  it("filters by segment and source, and searches by phone", async () => {
    const all = await load(contacts, "/app/contacts");
    expect(all.rows).toHaveLength(3);
    const proven = await load(
      contacts,
      "/app/contacts?segment=whatsapp_substantiated&source=storefront_block",
    );
    expect(proven.rows.map((row) => row.phone).sort()).toEqual(["+34611000001", "+34611000002"]);
    const optedOut = await load(contacts, "/app/contacts?reason=OPTED_OUT");
    expect(optedOut.rows.map((row) => row.phone)).toEqual(["+34611000003"]);
    const found = await load(contacts, "/app/contacts?q=%2B34%20611%20000%20002");
    expect(found.rows.map((row) => row.phone)).toEqual(["+34611000002"]);
    expect(found.filtered).toBe(true);
    expect(found.total).toEqual({ count: 1, capped: false });
    // Typed the way a Spanish customer gives it, without the country code.
    const national = await load(contacts, "/app/contacts?q=611%20000%20002");
    expect(national.rows.map((row) => row.phone)).toEqual(["+34611000002"]);
    expect(all.total).toEqual({ count: 3, capped: false });
    expect((await load(contacts, "/app/contacts?reason=DUPLICATE")).total).toEqual({
      count: 0,
      capped: false,
    });
  });

  it("answers 400 with a message for bad links, ignoring unrelated admin parameters", async () => {
    for (const query of [
      "sort=bogus",
      "segment=vip",
      "after=not-a-cursor",
      "from=2026-05-01&to=2026-04-01",
      "q=a",
      "from=31/12/2026",
    ]) {
      expect(await status(contacts, `/app/contacts?${query}`)).toBe(400);
    }
    expect(await status(contacts, "/app/contacts?embedded=1&host=abc&shop=x&segment=&q=")).toBe(200);
  });
});

describe("unknown app pages", () => {
  it("answer 404 from inside the app (its own page, with the app's navigation around it)", async () => {
    const response = (await load(notFound, "/app/no-such-page", { "*": "no-such-page" })) as Response;
    expect(response.status).toBe(404);
  });
});

describe("contact detail route", () => {
  it("shows the timeline with the exact wording, and verifies each ledger link", async () => {
    const contact = await app.db.contact.findFirstOrThrow({
      where: { shop: SHOP, phoneE164: "+34611000003" },
    });
    const data = await load(detail, `/app/contacts/${contact.id}`, { id: contact.id });
    expect(data.events.map((event) => event.action)).toEqual(["opt_in", "opt_out"]);
    expect(data.events[0]?.consentText?.text).toBe(TEXT);
    for (const event of data.events) {
      expect(event.ledger).toBe("verified");
      expect(event.sourceKind).toBe("storefront_block");
    }
    expect(data.exportable).toBe(false);
    expect(data.reasons).toEqual(["OPTED_OUT"]);
  });

  it("flags an altered event", async () => {
    const contact = await app.db.contact.findFirstOrThrow({
      where: { shop: SHOP, phoneE164: "+34611000001" },
    });
    const event = await app.db.consentEvent.findFirstOrThrow({
      where: { shop: SHOP, contactId: contact.id },
    });
    await app.db.$executeRaw`UPDATE "ConsentEvent" SET "sourceDetail" = 'forged' WHERE "id" = ${event.id}`;
    const data = await load(detail, `/app/contacts/${contact.id}`, { id: contact.id });
    expect(data.events[0]?.ledger).toBe("hash_mismatch");
    expect(data.exportable).toBe(true);
  });

  it("answers 404 for an unknown id and for another shop's contact", async () => {
    expect(await status(detail, "/app/contacts/nope", { id: "nope" })).toBe(404);
    const foreign = await app.db.contact.findFirstOrThrow({ where: { shop: OTHER_SHOP } });
    expect(await status(detail, `/app/contacts/${foreign.id}`, { id: foreign.id })).toBe(404);
    expect(await status(detail, `/app/contacts/${"x".repeat(500)}`, { id: "x".repeat(500) })).toBe(404);
  });
});
