import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendConsentEvent } from "../../app/ledger/consent-events.server";
import { cli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

let database: TestDatabase;
const SHOPS = ["alpha.myshopify.com", "beta.myshopify.com"];

beforeAll(async () => {
  database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  for (const shop of SHOPS) {
    await database.db.shop.create({ data: { domain: shop } });
    const contact = await database.db.contact.create({ data: { shop, phoneE164: "+34612345678" } });
    for (let index = 0; index < 3; index++) {
      await appendConsentEvent(database.db, {
        shop,
        contactId: contact.id,
        channel: "whatsapp",
        action: index === 2 ? "opt_out" : "opt_in",
        occurredAt: new Date(),
        sourceKind: "storefront_block",
        captureMethod: "checkbox",
      });
    }
  }
});
afterAll(() => database.cleanup());

describe("wa-consent verify-ledger", () => {
  it("reports every shop's head and count, exit 0 when intact", async () => {
    const result = await cli("verify-ledger");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/alpha\.myshopify\.com: ledger verifies \(3 events, head [0-9a-f]{64}\)/);
    const json = JSON.parse((await cli("verify-ledger", "--shop", "beta.myshopify.com", "--json")).stdout);
    expect(json).toMatchObject([{ shop: "beta.myshopify.com", ok: true, eventCount: 3 }]);
  });

  it("exit 1 and names the first broken link when an event was edited", async () => {
    const target = await database.db.consentEvent.findFirstOrThrow({ where: { shop: SHOPS[1], seq: 2 } });
    await database.db.consentEvent.update({ where: { id: target.id }, data: { action: "opt_out" } });
    const result = await cli("verify-ledger");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `beta.myshopify.com: LEDGER BROKEN at event #2 (${target.id}): hash_mismatch`,
    );
    expect(result.stdout).toMatch(/alpha\.myshopify\.com: ledger verifies/);
  });

  it("exit 1 when the newest events were deleted (the rest still chains, but ends before the recorded head)", async () => {
    const newest = await database.db.consentEvent.findFirstOrThrow({ where: { shop: SHOPS[0], seq: 3 } });
    await database.db.consentEvent.delete({ where: { id: newest.id } });
    const result = await cli("verify-ledger", "--shop", "alpha.myshopify.com");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("alpha.myshopify.com: LEDGER BROKEN at event #3: head_mismatch");
    const json = JSON.parse((await cli("verify-ledger", "--shop", "alpha.myshopify.com", "--json")).stdout);
    expect(json).toMatchObject([
      { ok: false, eventCount: 2, firstBreak: { seq: 3, problem: "head_mismatch" } },
    ]);
  });

  it("exit 2 on bad usage", async () => {
    expect((await cli("verify-ledger", "--shop", "nope")).code).toBe(2);
    expect((await cli("verify-ledger", "--shop", "missing.myshopify.com")).stderr).toContain(
      "no shop missing.myshopify.com",
    );
  });
});
