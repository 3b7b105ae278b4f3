import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTACT_TYPES } from "../../app/db/bulk-sql.server";
import {
  appendConsentEvent,
  appendEventsInTransaction,
  LedgerConflictError,
  lockShopLedger,
  type NewConsentEvent,
  verifyShopLedger,
} from "../../app/ledger/consent-events.server";
import { recordTextSighting, setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const SHOP = "ledger-test.myshopify.com";
const OTHER_SHOP = "someone-else.myshopify.com";
const TEXT = "I agree to receive offers from Acme Coffee on WhatsApp. Reply STOP to unsubscribe.";

let testDb: TestDatabase;
let contactId: string;
let otherContactId: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const { db } = testDb;
  for (const domain of [SHOP, OTHER_SHOP])
    await db.shop.create({ data: { domain, brandName: "Acme Coffee" } });
  contactId = (await db.contact.create({ data: { shop: SHOP, phoneE164: "+34612345678" } })).id;
  otherContactId = (await db.contact.create({ data: { shop: OTHER_SHOP, phoneE164: "+34612345678" } })).id;
});
afterAll(() => testDb.cleanup());

function event(overrides: Partial<NewConsentEvent> = {}): NewConsentEvent {
  return {
    shop: SHOP,
    contactId,
    channel: "whatsapp",
    action: "opt_in",
    occurredAt: new Date(),
    sourceKind: "storefront_block",
    sourceDetail: "https://acme.example/pages/whatsapp#block-1",
    captureMethod: "checkbox",
    details: { phoneRaw: "612 345 678", userAgent: "vitest" },
    ...overrides,
  };
}

describe("consent ledger on a migrated SQLite file", () => {
  it("chains events per shop, each shop from its own genesis", async () => {
    const { db } = testDb;
    const set = await setConsentTextInUse(db, SHOP, "storefront", TEXT);
    if (!set.ok) throw new Error(set.problems.map((problem) => problem.code).join());
    const text = await db.consentTextVersion.findUniqueOrThrow({ where: { id: set.versionId } });
    const first = await appendConsentEvent(db, event({ consentText: text }));
    const second = await appendConsentEvent(db, event({ action: "opt_out" }));
    const other = await appendConsentEvent(db, event({ shop: OTHER_SHOP, contactId: otherContactId }));
    expect(first.event.seq).toBe(1);
    expect(second.event.seq).toBe(2);
    expect(second.event.prevHash).toBe(first.event.hash);
    expect(other.event.seq).toBe(1);
    expect(await verifyShopLedger(db, SHOP)).toMatchObject({
      ok: true,
      eventCount: 2,
      head: second.event.hash,
    });
    expect(await verifyShopLedger(db, OTHER_SHOP)).toMatchObject({ ok: true, eventCount: 1 });
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    expect(shop).toMatchObject({ ledgerSeq: 2, ledgerHead: second.event.hash });
  });

  it("stores one event per client event id, however often it is retried", async () => {
    const { db } = testDb;
    const attempts = await Promise.all(
      Array.from({ length: 5 }, () => appendConsentEvent(db, event({ clientEventId: "retry-me" }))),
    );
    expect(attempts.filter((attempt) => attempt.created)).toHaveLength(1);
    expect(new Set(attempts.map((attempt) => attempt.event.id)).size).toBe(1);
    expect(await db.consentEvent.count({ where: { shop: SHOP, clientEventId: "retry-me" } })).toBe(1);
  });

  it("keeps one linear chain under concurrent writers", async () => {
    const { db } = testDb;
    const before = await db.consentEvent.count({ where: { shop: SHOP } });
    await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        appendConsentEvent(db, event({ clientEventId: `c-${index}` })),
      ),
    );
    const result = await verifyShopLedger(db, SHOP, 7);
    expect(result).toMatchObject({ ok: true, eventCount: before + 40 });
  });

  it("finds the first edited event", async () => {
    const { db } = testDb;
    const target = await db.consentEvent.findFirstOrThrow({ where: { shop: SHOP, seq: 3 } });
    await db.consentEvent.update({ where: { id: target.id }, data: { action: "opt_in_forged" } });
    expect(await verifyShopLedger(db, SHOP)).toMatchObject({
      ok: false,
      firstBreak: { seq: 3, id: target.id, problem: "hash_mismatch" },
    });
    await db.consentEvent.update({ where: { id: target.id }, data: { action: target.action } });
    expect((await verifyShopLedger(db, SHOP)).ok).toBe(true);
  });

  it("still verifies once personal details are erased, with the contact redacted as customers/redact does", async () => {
    const { db } = testDb;
    const redactedAt = new Date();
    await db.consentEvent.updateMany({
      where: { shop: SHOP, contactId },
      data: { details: null, redactedAt },
    });
    // Details erased while the contact keeps its phone: how a phone check would be dodged.
    expect((await verifyShopLedger(db, SHOP)).firstBreak?.problem).toBe("redaction_mismatch");
    await db.contact.update({
      where: { id: contactId },
      data: { phoneE164: null, phoneRaw: null, redactedAt },
    });
    expect((await verifyShopLedger(db, SHOP)).ok).toBe(true);
  });

  it("stores each wording once per shop and tracks where it was seen", async () => {
    const { db } = testDb;
    const spaced = `  ${TEXT.replace(/ /g, "  ")}\n`;
    const again = await setConsentTextInUse(db, SHOP, "checkout", spaced);
    const elsewhere = await setConsentTextInUse(db, OTHER_SHOP, "checkout", TEXT);
    if (!again.ok || !elsewhere.ok) throw new Error("the wording was refused");
    await db.$transaction((tx) =>
      recordTextSighting(tx, again.versionId, "checkout", "https://acme.example/checkout?token=t0k3n"),
    );
    expect(await db.consentTextVersion.count({ where: { shop: SHOP } })).toBe(1);
    expect(elsewhere.versionId).not.toBe(again.versionId);
    const placements = await db.consentTextPlacement.findMany({ where: { textId: again.versionId } });
    expect(placements.map((p) => `${p.sourceKind} ${p.location}`).sort()).toEqual([
      "checkout ",
      "checkout https://acme.example/checkout",
      "storefront ",
    ]);
  });

  it("writes nothing, not even the new contact, when the head it was given has moved", async () => {
    const { db } = testDb;
    const newContact = { id: "contact-of-a-stale-append", shop: SHOP, phoneE164: "+34699999999" };
    const now = new Date();
    const before = [
      {
        table: "Contact",
        columns: ["id", "shop", "phoneE164", "createdAt", "updatedAt"],
        types: CONTACT_TYPES,
        rows: [{ ...newContact, createdAt: now, updatedAt: now }],
      },
    ];
    const stale = db.$transaction(async (tx) => {
      const head = await lockShopLedger(tx, SHOP);
      if (!head) throw new Error("no shop row");
      // The SQL write mode: on PostgreSQL contact, event and compare-and-set are one statement.
      return appendEventsInTransaction(
        tx,
        SHOP,
        [event({ contactId: newContact.id, clientEventId: "stale-head" })],
        undefined,
        "sql",
        // Ahead of the shop's head, so that no stored seq collides: only the compare-and-set can refuse it.
        { seq: head.seq + 1, hash: head.hash },
        before,
      );
    });
    await expect(stale).rejects.toBeInstanceOf(LedgerConflictError);
    expect(await db.contact.findUnique({ where: { id: newContact.id } })).toBeNull();
    expect(
      await db.consentEvent.findFirst({ where: { shop: SHOP, clientEventId: "stale-head" } }),
    ).toBeNull();
    expect(await verifyShopLedger(db, SHOP)).toMatchObject({ ok: true });
  });
});
