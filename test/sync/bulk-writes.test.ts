/**
 * The multi-row SQL writer against the ORM, row by row: the same generated
 * store applied both ways (then changed and applied again) must leave the
 * same contacts and the same chain of consent events, field by field.
 * Ids, hashes and salts are random per run, so contacts are matched by
 * Shopify id and references (evidence, duplicate of) compared through them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshDuplicates } from "../../app/contacts/duplicates.server";
import { reclassifyShop } from "../../app/contacts/stored-classification.server";
import type { WriteMode } from "../../app/db/bulk-sql.server";
import { verifyShopLedger, withLedgerTransaction } from "../../app/ledger/consent-events.server";
import { applySnapshots } from "../../app/sync/apply-snapshots.server";
import { type CustomerSnapshot, snapshotFromGraphql } from "../../app/sync/customer-snapshot";
import { generateCustomers } from "../../tools/admin-emulator/generator";
import { type CustomerRecord, isoFromT } from "../../tools/admin-emulator/store";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const SHOP = "bulk-writes.myshopify.com";
const COUNT = 2000;
const BATCH = 1000;
const SYNCED_AT = new Date("2026-10-01T00:00:00Z");
const databases: TestDatabase[] = [];

/** The GraphQL node Shopify's bulk JSONL carries for a generated customer. */
function node(c: CustomerRecord) {
  const consent = (state: string, level: string | null, at: number | null, from: string | null) => ({
    marketingState: state,
    marketingOptInLevel: level,
    consentUpdatedAt: isoFromT(at),
    collectedFrom: from,
  });
  return {
    id: `gid://shopify/Customer/${c.id}`,
    firstName: c.firstName,
    lastName: c.lastName,
    updatedAt: isoFromT(c.updatedAt),
    defaultEmailAddress: c.email
      ? {
          emailAddress: c.email,
          marketingState: c.emailState,
          marketingOptInLevel: c.emailOptIn,
          marketingUpdatedAt: isoFromT(c.emailAt),
        }
      : null,
    defaultPhoneNumber: c.phone
      ? {
          phoneNumber: c.phone,
          smsMarketingConsent: consent(c.smsState, c.smsOptIn, c.smsAt, c.smsFrom),
          whatsAppMarketingConsent: consent(c.waState, c.waOptIn, c.waAt, c.waFrom),
        }
      : null,
    defaultAddress: c.country ? { countryCodeV2: c.country } : null,
  };
}

function snapshots(customers: CustomerRecord[]): CustomerSnapshot[] {
  return customers.map((customer) => {
    const parsed = snapshotFromGraphql(node(customer));
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.snapshot;
  });
}

/** Every third customer changes a month later: WhatsApp and SMS consent flip, some phones change. */
function changed(customers: CustomerRecord[]): CustomerRecord[] {
  const later = customers[0] ? customers[0].updatedAt : 0;
  return customers.map((c, index) => {
    if (index % 3 !== 0) return c;
    const at = Math.max(c.updatedAt, later) + 30 * 86_400;
    return {
      ...c,
      updatedAt: at,
      waState: c.phone ? (c.waState === "SUBSCRIBED" ? "UNSUBSCRIBED" : "SUBSCRIBED") : c.waState,
      waOptIn: c.phone ? "SINGLE_OPT_IN" : c.waOptIn,
      waAt: c.phone ? at : c.waAt,
      smsState: c.phone && index % 2 === 0 ? "UNSUBSCRIBED" : c.smsState,
      smsAt: c.phone && index % 2 === 0 ? at : c.smsAt,
      phone: index % 9 === 0 ? (customers[index + 1]?.phone ?? c.phone) : c.phone,
    };
  });
}

async function applyAll(db: TestDatabase["db"], all: CustomerSnapshot[], writeMode: WriteMode) {
  const totals = { created: 0, updated: 0, unchanged: 0, events: 0 };
  for (let start = 0; start < all.length; start += BATCH) {
    const result = await applySnapshots(db, SHOP, all.slice(start, start + BATCH), {
      writeMode,
      duplicates: "deferred",
      now: () => SYNCED_AT,
    });
    totals.created += result.created;
    totals.updated += result.updated;
    totals.unchanged += result.unchanged;
    totals.events += result.events;
  }
  await withLedgerTransaction(db, (tx) => refreshDuplicates(tx, SHOP, undefined, writeMode));
  return totals;
}

/** The database's state with random ids replaced by what they point at. */
async function stateOf(db: TestDatabase["db"]) {
  const contacts = await db.contact.findMany({ where: { shop: SHOP } });
  const events = await db.consentEvent.findMany({ where: { shop: SHOP }, orderBy: { seq: "asc" } });
  const customerOf = new Map(contacts.map((c) => [c.id, c.shopifyCustomerId]));
  const eventSeq = new Map(events.map((e) => [e.id, e.seq]));
  // Stored text, not only what the client reads back: both paths must write the same bytes.
  const storedDates = await db.$queryRawUnsafe<{ text: string | null }[]>(
    `SELECT "shopifyUpdatedAt" || '|' || "decidedAt" || '|' || "shopifySyncedAt" AS text FROM "Contact" ORDER BY "shopifyCustomerId"`,
  );
  const storedEventDates = await db.$queryRawUnsafe<{ text: string | null }[]>(
    `SELECT "occurredAt" || '|' || "recordedAt" || '|' || "seq" AS text FROM "ConsentEvent" ORDER BY "seq"`,
  );
  return {
    storedDates,
    storedEventDates,
    contacts: contacts
      .map(({ id: _id, createdAt: _c, updatedAt: _u, evidenceEventId, duplicateOfId, ...rest }) => ({
        ...rest,
        evidenceSeq: evidenceEventId ? eventSeq.get(evidenceEventId) : null,
        duplicateOf: duplicateOfId ? customerOf.get(duplicateOfId) : null,
      }))
      .sort((a, b) => String(a.shopifyCustomerId).localeCompare(String(b.shopifyCustomerId))),
    events: events.map(
      ({ id: _id, contactId, details, detailsHash: _d, hash: _h, prevHash: _p, ...rest }) => ({
        ...rest,
        customer: customerOf.get(contactId),
        // Details are salted (random) JSON: compare what they say, not their bytes.
        details: details === null ? null : Object.keys(JSON.parse(details)).sort(),
      }),
    ),
  };
}

let orm: TestDatabase["db"];
let sql: TestDatabase["db"];
const customers = generateCustomers({ count: COUNT, seed: 11 });

beforeAll(async () => {
  for (const mode of ["orm", "sql"] as const) {
    const database = await createTestDatabase();
    databases.push(database);
    await database.db.shop.create({
      data: { domain: SHOP, brandName: "Acme Coffee", defaultCountry: "US" },
    });
    if (mode === "orm") orm = database.db;
    else sql = database.db;
  }
});
afterAll(async () => {
  for (const database of databases) await database.cleanup();
});

describe("bulk SQL writes", () => {
  it("leave the same contacts and events as the ORM path, first sync and after changes", async () => {
    const first = snapshots(customers);
    const [viaOrm, viaSql] = [await applyAll(orm, first, "orm"), await applyAll(sql, first, "sql")];
    expect(viaSql).toEqual(viaOrm);
    expect(viaSql.created).toBe(COUNT);
    expect(await stateOf(sql)).toEqual(await stateOf(orm));

    const second = snapshots(changed(customers));
    const [againOrm, againSql] = [await applyAll(orm, second, "orm"), await applyAll(sql, second, "sql")];
    expect(againSql).toEqual(againOrm);
    expect(againSql.updated).toBeGreaterThan(500);
    const state = await stateOf(sql);
    expect(state).toEqual(await stateOf(orm));
    expect(state.contacts.filter((c) => c.duplicateOf).length).toBeGreaterThan(0);
    expect(state.events.length).toBeGreaterThan(COUNT);
  });

  it("re-syncing the same store, or an older copy of it, changes nothing but the sync time", async () => {
    const before = await stateOf(sql);
    const again = await applyAll(sql, snapshots(changed(customers)), "sql");
    expect(again).toMatchObject({ created: 0, updated: 0, events: 0, unchanged: COUNT });
    expect(await stateOf(sql)).toEqual(before);
    // The older first-sync snapshots arriving late (out-of-order delivery) are ignored in bulk too.
    const stale = await applyAll(sql, snapshots(customers), "sql");
    expect(stale).toMatchObject({ created: 0, updated: 0, events: 0, unchanged: COUNT });
    expect(await stateOf(sql)).toEqual(before);
  });

  it("reclassifying the whole shop in bulk matches the ORM and keeps every chain valid", async () => {
    await reclassifyShop(orm, SHOP, { pageSize: 700, mode: "orm" });
    await reclassifyShop(sql, SHOP, { pageSize: 700, mode: "sql" });
    for (const [db, mode] of [
      [orm, "orm"],
      [sql, "sql"],
    ] as const) {
      await withLedgerTransaction(db, (tx) => refreshDuplicates(tx, SHOP, undefined, mode));
    }
    expect(await stateOf(sql)).toEqual(await stateOf(orm));
    for (const db of [orm, sql]) {
      const verification = await verifyShopLedger(db, SHOP);
      expect(verification.ok).toBe(true);
      expect(verification.eventCount).toBe(await db.consentEvent.count({ where: { shop: SHOP } }));
    }
  });
});
