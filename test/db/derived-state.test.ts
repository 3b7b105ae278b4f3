/**
 * Every writer of consent goes through applyConsentEvents, and what it
 * leaves derived from the ledger (contacts' stored classification,
 * DUPLICATE marks, write-back tasks) must equal what a from-scratch
 * recomputation of the same ledger gives. Each writer runs for real, on a
 * migrated database, with the Admin API emulator behind the bulk sync.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkOrderToConsent } from "../../app/capture/order-link.server";
import { type CaptureInput, recordCapturedConsent } from "../../app/capture/record-consent.server";
import { handleCustomerRedact } from "../../app/compliance/compliance.server";
import { tieHash } from "../../app/consent/dedupe";
import { refreshDuplicates } from "../../app/contacts/duplicates.server";
import { CLASSIFICATION_COLUMNS, reclassifyShop } from "../../app/contacts/stored-classification.server";
import { verifyShopLedger, withLedgerTransaction } from "../../app/ledger/consent-events.server";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import { adminClient } from "../../app/shopify/admin-client.server";
import { applySnapshots, unlinkDeletedCustomer } from "../../app/sync/apply-snapshots.server";
import { startBulkCustomerSync, waitForBulkSync } from "../../app/sync/bulk-sync.server";
import type { CustomerSnapshot } from "../../app/sync/customer-snapshot";
import { generateCustomers } from "../../tools/admin-emulator/generator";
import { type AdminEmulator, startAdminEmulator } from "../../tools/admin-emulator/server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const SHOP = "derived-state.myshopify.com";
const TOKEN = "shpat_derived";
const TEXT = "Yes, send me Acme Coffee offers on WhatsApp. Reply STOP to unsubscribe at any time.";
const MIRRORED_ACTIONS = ["opt_in", "opt_out", "confirm"];

let emulator: AdminEmulator;
let testDb: TestDatabase;
/** A phone two Shopify customers share once the snapshot step has run. */
let sharedPhone: string;
/** The tie of two equal opt-outs: the customer an order gave the guest, and who stood for the phone before. */
let tie: { customerId: string; before: string[] };
const db = () => testDb.db;

beforeAll(async () => {
  emulator = await startAdminEmulator({
    apiSecret: "s",
    shops: [
      {
        domain: SHOP,
        accessToken: TOKEN,
        country: "US",
        customers: generateCustomers({ count: 120, seed: 14, mix: { duplicatePhone: 0.3 } }),
        throttle: { maximumAvailable: 2000, restoreRate: 2000 },
      },
    ],
  });
  testDb = await createTestDatabase();
  await db().shop.create({ data: { domain: SHOP, brandName: "Acme Coffee", defaultCountry: "US" } });
  const set = await setConsentTextInUse(db(), SHOP, "storefront", TEXT);
  if (!set.ok) throw new Error("the test wording was refused");
});
afterAll(async () => {
  await emulator?.close();
  await testDb?.cleanup();
});

/** What the writers keep derived from the ledger, per contact and per mirrored event. */
async function derivedState() {
  const contacts = await db().contact.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" } });
  const tasks = await db().writeBackTask.findMany({ where: { shop: SHOP }, orderBy: { eventId: "asc" } });
  return {
    contacts: contacts.map((contact) => ({
      id: contact.id,
      duplicateOfId: contact.duplicateOfId,
      ...Object.fromEntries(CLASSIFICATION_COLUMNS.map((column) => [column, contact[column]])),
    })),
    // A contact no longer in Shopify (customers/delete) keeps its sent tasks as history.
    writeBacks: tasks
      .filter((task) =>
        contacts.some((contact) => contact.id === task.contactId && contact.shopifyCustomerId),
      )
      .map((task) => `${task.eventId} ${task.contactId} ${task.shopifyCustomerId}`),
  };
}

/**
 * The same, recomputed from nothing but the ledger and the contacts' own
 * facts: every cached classification and mark wiped and judged again, and
 * the write-backs every app-recorded WhatsApp event of a Shopify customer calls for.
 */
async function fromScratch() {
  await db().contact.updateMany({
    where: { shop: SHOP },
    data: { segment: "", reasons: "", duplicateOfId: null },
  });
  await reclassifyShop(db(), SHOP);
  await withLedgerTransaction(db(), (tx) => refreshDuplicates(tx, SHOP));
  const state = await derivedState();
  const customerOf = new Map(
    (await db().contact.findMany({ where: { shop: SHOP } })).map((contact) => [
      contact.id,
      contact.shopifyCustomerId,
    ]),
  );
  const mirrored = await db().consentEvent.findMany({
    where: {
      shop: SHOP,
      channel: "whatsapp",
      sourceKind: { not: "shopify_sync" },
      action: { in: MIRRORED_ACTIONS },
    },
    orderBy: { id: "asc" },
  });
  state.writeBacks = mirrored
    .filter((event) => customerOf.get(event.contactId))
    .map((event) => `${event.id} ${event.contactId} ${customerOf.get(event.contactId)}`)
    .sort();
  return state;
}

async function expectConsistent() {
  const left = await derivedState();
  expect(left.contacts.length).toBeGreaterThan(0);
  expect(await fromScratch()).toEqual(left);
}

function capture(phone: string, overrides: Partial<CaptureInput> = {}) {
  return recordCapturedConsent(db(), {
    shop: SHOP,
    clientEventId: randomUUID(),
    action: "opt_in",
    phone,
    consentText: TEXT,
    sourceKind: "storefront_block",
    sourceDetail: "https://acme.example/pages/whatsapp?utm=x#block",
    captureMethod: "checkbox",
    ...overrides,
  });
}

function whatsAppSnapshot(customerId: string, phone: string, at: Date): CustomerSnapshot {
  return {
    customerId,
    phone,
    updatedAt: at,
    consent: {
      whatsapp: { state: "SUBSCRIBED", optInLevel: "SINGLE_OPT_IN", updatedAt: at, collectedFrom: "OTHER" },
    },
  };
}

async function sharedPhoneCustomers() {
  const contacts = await db().contact.findMany({
    where: { shop: SHOP, shopifyCustomerId: { not: null }, phoneE164: { not: null } },
    orderBy: { shopifyCustomerId: "asc" },
  });
  const [first, second] = contacts.filter((contact) => contact.duplicateOfId === null);
  if (!first?.phoneE164 || !second?.shopifyCustomerId)
    throw new Error("the generated shop has too few phones");
  return { first, second };
}

describe("each writer leaves the derived state a from-scratch recomputation gives", () => {
  it("bulk sync (emulator)", async () => {
    const client = adminClient({ shop: SHOP, accessToken: TOKEN, origin: emulator.url });
    const job = await startBulkCustomerSync(db(), client, SHOP);
    const summary = await waitForBulkSync(db(), client, SHOP, job.operationId, {
      intervalMs: 100,
      timeoutMs: 60_000,
    });
    expect(summary?.customers).toBe(120);
    expect(await db().contact.count({ where: { shop: SHOP, duplicateOfId: { not: null } } })).toBeGreaterThan(
      0,
    );
    await expectConsistent();
  });

  it("snapshot apply (a webhook moving a customer onto another's phone)", async () => {
    const { first, second } = await sharedPhoneCustomers();
    const result = await applySnapshots(db(), SHOP, [
      whatsAppSnapshot(second.shopifyCustomerId as string, first.phoneE164 as string, new Date()),
    ]);
    expect(result).toMatchObject({ updated: 1 });
    sharedPhone = first.phoneE164 as string;
    const group = await db().contact.findMany({ where: { shop: SHOP, phoneE164: sharedPhone } });
    expect(group.length).toBeGreaterThan(1);
    expect(group.filter((contact) => contact.duplicateOfId !== null)).toHaveLength(group.length - 1);
    await expectConsistent();
  });

  it("captures: a new phone, a known customer's phone, an opt-out", async () => {
    const fresh = await capture("+1 415 555 0101");
    const known = await capture(sharedPhone);
    const out = await capture("+1 415 555 0101", { action: "opt_out", consentText: null });
    for (const outcome of [fresh, known, out]) expect(outcome.status).toBe("recorded");
    expect(await db().writeBackTask.count({ where: { shop: SHOP } })).toBeGreaterThan(0);
    await expectConsistent();
  });

  it("order link: a guest's opt-in gets the order's customer, beside a customer with the same phone", async () => {
    const guest = await capture("+1 415 555 0102");
    if (guest.status !== "recorded") throw new Error(guest.status);
    await applySnapshots(db(), SHOP, [whatsAppSnapshot("990001", "+14155550102", new Date())]);
    const before = await db().writeBackTask.count({ where: { shop: SHOP } });
    const linked = await linkOrderToConsent(db(), SHOP, {
      id: "5001",
      customerId: "990002",
      eventId: guest.eventId,
    });
    expect(linked.linked).toBe(true);
    expect(await db().writeBackTask.count({ where: { shop: SHOP } })).toBe(before + 1);
    await expectConsistent();
  });

  it("order link: the customer id it gives decides which of two equal opt-outs stands for the phone", async () => {
    const guest = await capture("+1 415 555 0103", { action: "opt_out", consentText: null });
    if (guest.status !== "recorded") throw new Error(guest.status);
    const event = await db().consentEvent.findUniqueOrThrow({ where: { id: guest.eventId } });
    // The same opt-out, at the same time, from Shopify for another customer: only the tie key tells them apart.
    const at = event.occurredAt as Date;
    await applySnapshots(db(), SHOP, [
      {
        customerId: "990003",
        phone: "+14155550103",
        updatedAt: at,
        consent: {
          whatsapp: { state: "UNSUBSCRIBED", optInLevel: null, updatedAt: at, collectedFrom: "OTHER" },
        },
      },
    ]);
    const other = await db().contact.findFirstOrThrow({ where: { shop: SHOP, shopifyCustomerId: "990003" } });
    // The order's customer is one whose tie key orders the other way against the customer's.
    const guestFirst = tieHash(`contact:${guest.contactId}`) < tieHash("shopify:990003");
    const customerId = Array.from({ length: 2000 }, (_, index) =>
      String(7_000_000_000 + index * 104_729),
    ).find((id) => tieHash(`shopify:${id}`) < tieHash("shopify:990003") !== guestFirst) as string;
    const marked = async () =>
      (
        await db().contact.findMany({
          where: { shop: SHOP, phoneE164: "+14155550103", duplicateOfId: { not: null } },
        })
      ).map((contact) => contact.id);
    const before = await marked();
    expect(before).toHaveLength(1);
    await linkOrderToConsent(db(), SHOP, { id: "5002", customerId, eventId: guest.eventId });
    const after = await marked();
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
    expect([...before, ...after].sort()).toEqual([guest.contactId, other.id].sort());
    tie = { customerId, before };
    await expectConsistent();
  });

  it("customers/delete: the customer the order gave goes, and the tie falls back", async () => {
    const unlinked = await unlinkDeletedCustomer(db(), SHOP, tie.customerId);
    expect(unlinked.count).toBe(1);
    const marked = await db().contact.findMany({
      where: { shop: SHOP, phoneE164: "+14155550103", duplicateOfId: { not: null } },
    });
    expect(marked.map((contact) => contact.id)).toEqual(tie.before);
    await expectConsistent();
  });

  it("customers/redact: a customer of a shared phone is erased", async () => {
    const [standing] = await db().contact.findMany({
      where: { shop: SHOP, phoneE164: sharedPhone, duplicateOfId: null },
    });
    const redacted = await handleCustomerRedact(db(), SHOP, {
      shop_domain: SHOP,
      customer: { id: standing?.shopifyCustomerId },
    });
    expect(redacted.contacts).toBe(1);
    await expectConsistent();
    expect((await verifyShopLedger(db(), SHOP)).ok).toBe(true);
  });
});
