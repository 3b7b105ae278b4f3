import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  chainEntry,
  GENESIS_HASH,
  type LedgerEntry,
  type StoredLedgerEntry,
  sealDetails,
  sha256Hex,
  verifyLedger,
} from "./ledger";

function buildChain(count: number, shop = "a.myshopify.com"): StoredLedgerEntry[] {
  const chain: StoredLedgerEntry[] = [];
  let previous = { seq: 0, hash: GENESIS_HASH };
  for (let index = 0; index < count; index++) {
    const sealed = sealDetails({ phone: `+3460000${String(index).padStart(4, "0")}`, userAgent: "test" });
    const entry = chainEntry(previous, {
      shop,
      id: `event-${index}`,
      contactId: `contact-${index % 3}`,
      channel: index % 2 ? "whatsapp" : "sms",
      action: index % 5 === 4 ? "opt_out" : "opt_in",
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, index)),
      recordedAt: new Date(Date.UTC(2026, 0, 1, 0, index, 1)),
      sourceKind: "storefront_block",
      sourceDetail: "/pages/whatsapp#block-1",
      captureMethod: "checkbox",
      optInLevel: "single",
      consentTextSha256: sha256Hex("text"),
      clientEventId: `client-${index}`,
      detailsHash: sealed.detailsHash,
    });
    chain.push({ ...entry, details: sealed.details });
    previous = entry;
  }
  return chain;
}

describe("ledger", () => {
  it("verifies an intact chain and reports its head", () => {
    const chain = buildChain(25);
    const result = verifyLedger(chain);
    expect(result).toEqual({ ok: true, eventCount: 25, head: chain[24]?.hash, firstBreak: null });
  });

  it("an empty ledger verifies with the genesis head", () => {
    expect(verifyLedger([])).toEqual({ ok: true, eventCount: 0, head: GENESIS_HASH, firstBreak: null });
  });

  it("still verifies after personal details are erased", () => {
    const chain = buildChain(5).map((entry) => ({ ...entry, details: null }));
    expect(verifyLedger(chain).ok).toBe(true);
  });

  it("detects any edited field, at the edited event", () => {
    const fields: (keyof LedgerEntry)[] = [
      "channel",
      "action",
      "sourceDetail",
      "contactId",
      "consentTextSha256",
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.constantFrom(...fields), (index, field) => {
        const chain = buildChain(10);
        const target = chain[index] as StoredLedgerEntry;
        chain[index] = { ...target, [field]: `${String(target[field])}-tampered` };
        const result = verifyLedger(chain);
        expect(result.ok).toBe(false);
        expect(result.firstBreak).toEqual({ seq: index + 1, id: target.id, problem: "hash_mismatch" });
      }),
    );
  });

  it("detects edited timestamps and edited personal details", () => {
    const chain = buildChain(4);
    const moved = chain.map((entry, index) =>
      index === 2 ? { ...entry, occurredAt: new Date(Date.UTC(2020, 0, 1)) } : entry,
    );
    expect(verifyLedger(moved).firstBreak?.problem).toBe("hash_mismatch");
    const edited = chain.map((entry, index) =>
      index === 1 ? { ...entry, details: entry.details?.replace("+34", "+44") ?? null } : entry,
    );
    expect(verifyLedger(edited).firstBreak).toMatchObject({ seq: 2, problem: "details_mismatch" });
  });

  it("detects removed and reordered events", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), (index) => {
        const removed = buildChain(10);
        removed.splice(index, 1);
        expect(verifyLedger(removed).ok).toBe(false);
        const swapped = buildChain(10);
        [swapped[index], swapped[index + 1]] = [
          swapped[index + 1] as StoredLedgerEntry,
          swapped[index] as StoredLedgerEntry,
        ];
        expect(verifyLedger(swapped).ok).toBe(false);
      }),
    );
  });

  it("detects a re-hashed forgery that does not link to the real previous event", () => {
    const chain = buildChain(6);
    const original = chain[3] as StoredLedgerEntry;
    const forged = chainEntry({ seq: 3, hash: sha256Hex("not the real previous hash") }, { ...original });
    chain[3] = { ...forged, details: original.details };
    expect(verifyLedger(chain).firstBreak).toMatchObject({ seq: 4, problem: "wrong_previous_hash" });
  });

  it("salts sealed details so equal details never hash alike", () => {
    const first = sealDetails({ phone: "+34600000000" });
    const second = sealDetails({ phone: "+34600000000" });
    expect(first.detailsHash).not.toBe(second.detailsHash);
    expect(sha256Hex(first.details)).toBe(first.detailsHash);
    expect(JSON.parse(first.details)).toMatchObject({ phone: "+34600000000" });
  });
});
