import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { textSha256 } from "./consent-text";
import {
  chainEntry,
  GENESIS_HASH,
  type LedgerEntry,
  type StoredContact,
  type StoredLedgerEntry,
  type StoredWording,
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
    chain.push({ ...entry, details: sealed.details, redactedAt: null });
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
    const redactedAt = new Date();
    const chain = buildChain(5).map((entry) => ({ ...entry, details: null, redactedAt }));
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
    chain[3] = { ...forged, details: original.details, redactedAt: null };
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

const WORDING = "Yes, send me Acme offers on WhatsApp. Reply STOP to stop.";

/**
 * A shop's ledger with what stands beside it: the wording its opt-ins cite
 * and its contacts, each decided by its latest event, whose sealed details
 * carry the phone the contact has.
 */
function buildShop(count: number) {
  const wordings: StoredWording[] = [
    { id: "wording-1", sha256: textSha256(WORDING), text: WORDING },
    { id: "wording-2", sha256: textSha256(`${WORDING} Thanks.`), text: `${WORDING} Thanks.` },
  ];
  const phoneOf = (contact: number) => `+3461100000${contact}`;
  const chain: StoredLedgerEntry[] = [];
  let previous = { seq: 0, hash: GENESIS_HASH };
  for (let index = 0; index < count; index++) {
    const contact = index % 3;
    const sealed = sealDetails({ phoneE164: phoneOf(contact), userAgent: "test" });
    const wording = wordings[index % 2] as StoredWording;
    const entry = chainEntry(previous, {
      shop: "a.myshopify.com",
      id: `event-${index}`,
      contactId: `contact-${contact}`,
      channel: "whatsapp",
      action: "opt_in",
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, index)),
      recordedAt: new Date(Date.UTC(2026, 0, 1, 0, index, 1)),
      sourceKind: "storefront_block",
      sourceDetail: "/pages/whatsapp#block-1",
      captureMethod: "checkbox",
      optInLevel: "single",
      consentTextSha256: wording.sha256,
      clientEventId: `client-${index}`,
      detailsHash: sealed.detailsHash,
    });
    chain.push({ ...entry, details: sealed.details, redactedAt: null, consentTextId: wording.id });
    previous = entry;
  }
  const contacts = new Map<string, StoredContact>();
  for (const entry of chain) {
    const contact = Number(entry.contactId.split("-")[1]);
    contacts.set(entry.contactId, {
      id: entry.contactId,
      phoneE164: phoneOf(contact),
      redactedAt: null,
      evidenceEventId: entry.id,
      exportable: true,
    });
  }
  return { chain, wordings, contacts };
}

/** A different value of the same kind: what a person editing the row by hand could write. */
function changed(value: unknown, pick: number): unknown {
  if (value === null) return pick % 2 ? "x" : new Date(Date.UTC(2026, 5, 1));
  if (value instanceof Date) return new Date(value.getTime() + 1 + pick);
  if (typeof value === "number") return value + 1 + pick;
  if (typeof value === "string") return pick % 3 === 0 ? null : pick % 3 === 1 ? `${value}x` : value.slice(1);
  return value;
}

describe("the verifier checks what exports show, not just the chain", () => {
  it("an intact shop verifies with its wordings and contacts", () => {
    const { chain, wordings, contacts } = buildShop(9);
    expect(verifyLedger(chain, { wordings, contacts })).toMatchObject({ ok: true, eventCount: 9 });
  });

  it("changing any one field of any ledger entry fails verification", () => {
    const fields = Object.keys(buildShop(1).chain[0] as StoredLedgerEntry) as (keyof StoredLedgerEntry)[];
    expect(fields).toEqual(expect.arrayContaining(["consentTextId", "details", "redactedAt", "hash"]));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8 }),
        fc.constantFrom(...fields),
        fc.nat(100),
        (index, field, pick) => {
          const { chain, wordings, contacts } = buildShop(9);
          const target = chain[index] as StoredLedgerEntry;
          const value = changed(target[field], pick);
          fc.pre(value !== target[field] && !(field === "consentTextId" && value === undefined));
          chain[index] = { ...target, [field]: value } as StoredLedgerEntry;
          const result = verifyLedger(chain, { wordings, contacts });
          expect(result.ok).toBe(false);
          // The break names the edited event (its id as edited), or the next one when a link moved.
          expect([target.id, chain[index]?.id, chain[index + 1]?.id]).toContain(result.firstBreak?.id);
        },
      ),
    );
  });

  it("a wording edited after the fact, a re-pointed wording and a changed phone each name the event", () => {
    const edited = buildShop(6);
    (edited.wordings[1] as StoredWording).text = "Send me Acme offers by SMS.";
    expect(verifyLedger(edited.chain, edited).firstBreak).toEqual({
      seq: 2,
      id: "event-1",
      problem: "consent_text_altered",
      subject: "wording-2",
    });
    const repointed = buildShop(6);
    (repointed.chain[2] as StoredLedgerEntry).consentTextId = "wording-2";
    expect(verifyLedger(repointed.chain, repointed).firstBreak).toMatchObject({
      seq: 3,
      problem: "consent_text_mismatch",
    });
    const rephoned = buildShop(6);
    (rephoned.contacts.get("contact-1") as StoredContact).phoneE164 = "+34699999999";
    expect(verifyLedger(rephoned.chain, rephoned).firstBreak).toEqual({
      seq: 5,
      id: "event-4",
      problem: "phone_mismatch",
      subject: "contact-1",
    });
  });

  it("after redaction (phone and details erased, hashes kept) the shop still verifies", () => {
    const { chain, wordings, contacts } = buildShop(6);
    const redactedAt = new Date();
    const redacted = chain.map((entry) =>
      entry.contactId === "contact-1" ? { ...entry, details: null, redactedAt } : entry,
    );
    contacts.set("contact-1", {
      ...(contacts.get("contact-1") as StoredContact),
      phoneE164: null,
      redactedAt,
    });
    expect(verifyLedger(redacted, { wordings, contacts }).ok).toBe(true);
    // Erasing details without redacting the contact is how a phone check would be dodged.
    contacts.set("contact-1", { ...(contacts.get("contact-1") as StoredContact), redactedAt: null });
    expect(verifyLedger(redacted, { wordings, contacts }).firstBreak?.problem).toBe("redaction_mismatch");
  });

  it("an exportable contact whose deciding event commits to no phone fails; others need none", () => {
    const { chain, wordings, contacts } = buildShop(3);
    const bare = sealDetails({ userAgent: "test" });
    const first = chain[0] as StoredLedgerEntry;
    const rebuilt = chainEntry({ seq: 0, hash: GENESIS_HASH }, { ...first, detailsHash: bare.detailsHash });
    chain[0] = { ...first, ...rebuilt, details: bare.details };
    chain[1] = { ...(chain[1] as StoredLedgerEntry), prevHash: rebuilt.hash };
    const relinked = chainEntry({ seq: 1, hash: rebuilt.hash }, { ...(chain[1] as StoredLedgerEntry) });
    chain[1] = { ...(chain[1] as StoredLedgerEntry), ...relinked };
    chain[2] = {
      ...(chain[2] as StoredLedgerEntry),
      ...chainEntry(relinked, { ...(chain[2] as StoredLedgerEntry) }),
    };
    expect(verifyLedger(chain, { wordings, contacts }).firstBreak).toMatchObject({
      seq: 1,
      problem: "phone_not_committed",
    });
    contacts.set("contact-0", { ...(contacts.get("contact-0") as StoredContact), exportable: false });
    expect(verifyLedger(chain, { wordings, contacts }).ok).toBe(true);
  });
});
