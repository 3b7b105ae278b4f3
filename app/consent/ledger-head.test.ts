/**
 * The ledger's edges that the chain tests leave alone: the recorded head and
 * the signed witness (what stops a cut of the newest events), the sealed
 * details (what redaction leaves verifiable) and the exact text each hash
 * covers.
 */
import { describe, expect, it } from "vitest";
import { textSha256 } from "./consent-text";
import {
  canonicalEntry,
  chainEntry,
  committedPhone,
  entryHash,
  GENESIS_HASH,
  type LedgerEntry,
  LedgerVerifier,
  type StoredContact,
  type StoredLedgerEntry,
  sealDetails,
  sha256Hex,
  signWitness,
  verifyLedger,
  WITNESS_FORMAT,
  witnessSignatureValid,
} from "./ledger";

const FIELDS: Omit<LedgerEntry, "seq" | "prevHash"> = {
  shop: "a.myshopify.com",
  id: "event-1",
  contactId: "contact-1",
  channel: "whatsapp",
  action: "opt_in",
  occurredAt: new Date(Date.UTC(2026, 0, 1)),
  recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 1)),
  sourceKind: "storefront_block",
  sourceDetail: "/pages/whatsapp",
  captureMethod: "checkbox",
  optInLevel: "single",
  consentTextSha256: null,
  clientEventId: null,
  detailsHash: sha256Hex("{}"),
};

function chainOf(count: number): StoredLedgerEntry[] {
  const chain: StoredLedgerEntry[] = [];
  let previous = { seq: 0, hash: GENESIS_HASH };
  for (let index = 0; index < count; index++) {
    const sealed = sealDetails({ phoneE164: `+3461100000${index}` });
    const entry = chainEntry(previous, { ...FIELDS, id: `event-${index}`, detailsHash: sealed.detailsHash });
    chain.push({ ...entry, details: sealed.details, redactedAt: null });
    previous = entry;
  }
  return chain;
}

describe("the text each event's hash covers", () => {
  it("is a versioned list of every committed field in a fixed order, dates in ISO form", () => {
    const entry: LedgerEntry = { ...FIELDS, seq: 1, prevHash: GENESIS_HASH };
    expect(JSON.parse(canonicalEntry(entry))).toEqual([
      "wa-consent-ledger/1",
      "a.myshopify.com",
      1,
      "event-1",
      "contact-1",
      "whatsapp",
      "opt_in",
      "2026-01-01T00:00:00.000Z",
      "2026-01-01T00:00:01.000Z",
      "storefront_block",
      "/pages/whatsapp",
      "checkbox",
      "single",
      null,
      null,
      sha256Hex("{}"),
      GENESIS_HASH,
    ]);
    expect(entryHash(entry)).toBe(sha256Hex(canonicalEntry(entry)));
  });

  it("keeps an unknown opt-in time as null, not as a date", () => {
    const entry: LedgerEntry = { ...FIELDS, occurredAt: null, seq: 1, prevHash: GENESIS_HASH };
    expect(JSON.parse(canonicalEntry(entry))[7]).toBeNull();
  });

  it("the genesis link is 64 zeros, and each new entry links to and numbers after its predecessor", () => {
    expect(GENESIS_HASH).toBe("0".repeat(64));
    const first = chainEntry({ seq: 0, hash: GENESIS_HASH }, FIELDS);
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, hash: entryHash(first) });
    const second = chainEntry(first, { ...FIELDS, id: "event-2" });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
  });
});

describe("sealed details", () => {
  it("leave out empty values and list the rest in key order after the salt", () => {
    const sealed = sealDetails({
      zeta: "z",
      alpha: "a",
      empty: "",
      none: null,
      missing: undefined,
      mid: "m",
    });
    const document = JSON.parse(sealed.details) as Record<string, string>;
    expect(Object.keys(document)).toEqual(["salt", "alpha", "mid", "zeta"]);
    expect(document.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(sealed.detailsHash).toBe(sha256Hex(sealed.details));
  });

  it("draw a new salt every time, across many seals", () => {
    const salts = new Set<string>();
    for (let index = 0; index < 600; index++) salts.add(JSON.parse(sealDetails({}).details).salt);
    expect(salts.size).toBe(600);
  });
});

describe("committedPhone", () => {
  it("reads the phone only from details that still hash to their commitment", () => {
    const sealed = sealDetails({ phoneE164: "+34611000001" });
    expect(committedPhone(sealed)).toBe("+34611000001");
    expect(
      committedPhone({ details: sealed.details.replace("611", "612"), detailsHash: sealed.detailsHash }),
    ).toBe(null);
    expect(committedPhone({ details: null, detailsHash: sealed.detailsHash })).toBeNull();
  });

  it("is null when the details commit to no phone, to a phone that is not text, or are not JSON", () => {
    expect(committedPhone(sealDetails({ userAgent: "x" }))).toBeNull();
    const numeric = JSON.stringify({ salt: "s", phoneE164: 34611000001 });
    expect(committedPhone({ details: numeric, detailsHash: sha256Hex(numeric) })).toBeNull();
    expect(committedPhone({ details: "not json", detailsHash: sha256Hex("not json") })).toBeNull();
  });
});

describe("the recorded head", () => {
  it("matching the last event keeps the chain valid, and the result reports that head", () => {
    const chain = chainOf(3);
    const verifier = new LedgerVerifier();
    for (const entry of chain) verifier.add(entry);
    verifier.expectHead({ seq: 3, hash: (chain[2] as StoredLedgerEntry).hash });
    expect(verifier.result()).toEqual({
      ok: true,
      eventCount: 3,
      head: (chain[2] as StoredLedgerEntry).hash,
      firstBreak: null,
    });
  });

  it("ahead of the chain (newest events cut) breaks at the first missing event", () => {
    const chain = chainOf(5);
    const verifier = new LedgerVerifier();
    for (const entry of chain.slice(0, 3)) verifier.add(entry);
    verifier.expectHead({ seq: 5, hash: (chain[4] as StoredLedgerEntry).hash });
    expect(verifier.result()).toMatchObject({
      ok: false,
      eventCount: 3,
      firstBreak: { seq: 4, id: "", problem: "head_mismatch" },
    });
  });

  it("behind the chain, or at the right number with another hash, breaks at the head's number", () => {
    const chain = chainOf(4);
    const behind = new LedgerVerifier();
    for (const entry of chain) behind.add(entry);
    behind.expectHead({ seq: 2, hash: (chain[1] as StoredLedgerEntry).hash });
    expect(behind.result().firstBreak).toEqual({ seq: 2, id: "", problem: "head_mismatch" });

    const otherHash = new LedgerVerifier();
    for (const entry of chain) otherHash.add(entry);
    otherHash.expectHead({ seq: 4, hash: (chain[2] as StoredLedgerEntry).hash });
    expect(otherHash.result().firstBreak).toEqual({ seq: 4, id: "", problem: "head_mismatch" });
  });

  it("with the last event's hash but another number breaks too", () => {
    const chain = chainOf(3);
    const verifier = new LedgerVerifier();
    for (const entry of chain) verifier.add(entry);
    verifier.expectHead({ seq: 5, hash: (chain[2] as StoredLedgerEntry).hash });
    expect(verifier.result().firstBreak).toEqual({ seq: 4, id: "", problem: "head_mismatch" });
  });

  it("an earlier break is kept: the head check does not overwrite it", () => {
    const chain = chainOf(3);
    (chain[1] as StoredLedgerEntry).captureMethod = "typed";
    const verifier = new LedgerVerifier();
    for (const entry of chain) verifier.add(entry);
    verifier.expectHead({ seq: 9, hash: GENESIS_HASH });
    expect(verifier.result().firstBreak).toMatchObject({ seq: 2, id: "event-1", problem: "hash_mismatch" });
  });

  it("an empty ledger with an empty head verifies at genesis", () => {
    const verifier = new LedgerVerifier();
    verifier.expectHead({ seq: 0, hash: GENESIS_HASH });
    expect(verifier.result()).toEqual({ ok: true, eventCount: 0, head: GENESIS_HASH, firstBreak: null });
  });
});

describe("each event on its own", () => {
  it("a gap in the numbering is named as such even when every link and hash holds", () => {
    const first = chainEntry({ seq: 0, hash: GENESIS_HASH }, FIELDS);
    const skipped = chainEntry({ seq: 2, hash: first.hash }, { ...FIELDS, id: "event-3" });
    const stored = [first, skipped].map((entry) => ({ ...entry, details: "{}", redactedAt: null }));
    expect(skipped.seq).toBe(3);
    expect(verifyLedger(stored).firstBreak).toEqual({ seq: 3, id: "event-3", problem: "wrong_sequence" });
  });

  it("erased details need a redaction date, and a redaction date needs erased details", () => {
    const [entry] = chainOf(1) as [StoredLedgerEntry];
    expect(verifyLedger([{ ...entry, details: null, redactedAt: null }]).firstBreak).toEqual({
      seq: 1,
      id: "event-0",
      problem: "redaction_mismatch",
    });
    expect(verifyLedger([{ ...entry, redactedAt: new Date() }]).firstBreak).toEqual({
      seq: 1,
      id: "event-0",
      problem: "redaction_mismatch",
    });
    expect(verifyLedger([{ ...entry, details: null, redactedAt: new Date() }]).ok).toBe(true);
  });

  it("a redacted event carries its contact's redaction date, the same instant whatever form the row gives it", () => {
    const [entry] = chainOf(1) as [StoredLedgerEntry];
    const redactedAt = new Date("2026-06-01T10:00:00Z");
    const redacted = { ...entry, details: null, redactedAt };
    const contact = (at: Date | null): ReadonlyMap<string, StoredContact> =>
      new Map([
        [
          entry.contactId,
          { id: entry.contactId, phoneE164: null, redactedAt: at, evidenceEventId: null, exportable: false },
        ],
      ]);
    const mismatch = { seq: 1, id: "event-0", problem: "redaction_mismatch", subject: entry.contactId };
    expect(verifyLedger([redacted], { contacts: contact(new Date(redactedAt)) }).ok).toBe(true);
    // Raw SQL rows may give the date as text: still the same instant.
    const asText = contact(redactedAt.toISOString() as unknown as Date);
    expect(verifyLedger([redacted], { contacts: asText }).ok).toBe(true);
    expect(verifyLedger([redacted], { contacts: contact(null) }).firstBreak).toEqual(mismatch);
    expect(
      verifyLedger([redacted], { contacts: contact(new Date(redactedAt.getTime() + 1)) }).firstBreak,
    ).toEqual(mismatch);
  });
});

describe("wordings no event cites", () => {
  const text = "Yes, send me Acme offers on WhatsApp.";

  it("are checked too: an edited one breaks the ledger and is named", () => {
    const wordings = [
      { id: "w-ok", sha256: textSha256(text), text },
      { id: "w-edited", sha256: textSha256(text), text: `${text} Or by SMS.` },
    ];
    expect(verifyLedger(chainOf(2), { wordings }).firstBreak).toEqual({
      seq: 0,
      id: "",
      problem: "consent_text_altered",
      subject: "w-edited",
    });
    expect(verifyLedger(chainOf(2), { wordings: wordings.slice(0, 1) }).ok).toBe(true);
  });

  it("do not replace an earlier break in the chain", () => {
    const chain = chainOf(2);
    (chain[0] as StoredLedgerEntry).channel = "sms";
    const wordings = [{ id: "w-edited", sha256: textSha256(text), text: "changed" }];
    expect(verifyLedger(chain, { wordings }).firstBreak).toMatchObject({ seq: 1, problem: "hash_mismatch" });
  });
});

describe("an event's pointer to its wording", () => {
  it("may be empty only when the event commits to no wording", () => {
    const chain = chainOf(1);
    expect(verifyLedger([{ ...(chain[0] as StoredLedgerEntry), consentTextId: null }]).ok).toBe(true);
    const committed = chainEntry(
      { seq: 0, hash: GENESIS_HASH },
      { ...FIELDS, consentTextSha256: textSha256("x") },
    );
    const entry = { ...committed, details: null, redactedAt: new Date(), consentTextId: null };
    expect(verifyLedger([entry]).firstBreak).toEqual({
      seq: 1,
      id: "event-1",
      problem: "consent_text_mismatch",
    });
  });

  it("to a wording the shop does not have is a mismatch naming it", () => {
    const committed = chainEntry(
      { seq: 0, hash: GENESIS_HASH },
      { ...FIELDS, consentTextSha256: textSha256("x") },
    );
    const entry = { ...committed, details: null, redactedAt: new Date(), consentTextId: "w-gone" };
    expect(verifyLedger([entry]).firstBreak).toEqual({
      seq: 1,
      id: "event-1",
      problem: "consent_text_mismatch",
      subject: "w-gone",
    });
  });
});

describe("the witness written into an evidence pack", () => {
  const head = {
    shop: "a.myshopify.com",
    seq: 7,
    head: "ab".repeat(32),
    signedAt: new Date(Date.UTC(2026, 1, 2)),
  };

  it("carries the head it was signed for and verifies with the app's key", () => {
    const witness = signWitness("secret", head);
    expect(witness).toMatchObject({
      format: WITNESS_FORMAT,
      shop: head.shop,
      seq: 7,
      head: head.head,
      signedAt: "2026-02-02T00:00:00.000Z",
    });
    expect(WITNESS_FORMAT).toBe("wa-consent-ledger-witness/1");
    expect(witness.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(witnessSignatureValid("secret", witness)).toBe(true);
  });

  it("fails with another key, or once any signed field is changed by hand", () => {
    const witness = signWitness("secret", head);
    expect(witnessSignatureValid("other", witness)).toBe(false);
    for (const edit of [
      { shop: "b.myshopify.com" },
      { seq: 6 },
      { head: "cd".repeat(32) },
      { signedAt: "2026-02-03T00:00:00.000Z" },
      { format: "wa-consent-ledger-witness/2" },
    ]) {
      expect(witnessSignatureValid("secret", { ...witness, ...edit } as typeof witness)).toBe(false);
    }
  });

  it("fails on a truncated or non-hex signature without throwing", () => {
    const witness = signWitness("secret", head);
    expect(witnessSignatureValid("secret", { ...witness, signature: witness.signature.slice(2) })).toBe(
      false,
    );
    expect(witnessSignatureValid("secret", { ...witness, signature: "zz" })).toBe(false);
  });
});
