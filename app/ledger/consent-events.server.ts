/**
 * Persists consent events into the shop's hash chain. The chain stays linear
 * under concurrent writers (requests, app instances, the CLI) because the
 * database, not process memory, serialises them: a ledger transaction starts
 * by writing the shop row, which takes SQLite's write lock or PostgreSQL's
 * row lock, so the head it then reads cannot move until it commits. The
 * head's compare-and-set and the unique (shop, seq) stay as a safety net.
 */

import {
  chainEntry,
  GENESIS_HASH,
  type LedgerBreak,
  type LedgerVerification,
  LedgerVerifier,
  type StoredContact,
  sealDetails,
} from "../consent/ledger";
import type { CaptureMethod, Channel, ConsentAction, OptInLevel, SourceKind } from "../consent/types";
import {
  CONSENT_EVENT_TYPES,
  findByKeys,
  insertRows,
  isRawUniqueViolation,
  type RowBatch,
  type WriteMode,
  writeModeFor,
  writeTogether,
} from "../db/bulk-sql.server";
import { timeOrderedId } from "../db/time-ordered-id";
import type { Database } from "../db.server";
import type { ConsentEvent } from "../generated/prisma/client";

export interface NewConsentEvent {
  /** Chosen by the caller when it must reference the event before it is stored. */
  id?: string;
  shop: string;
  contactId: string;
  channel: Channel;
  action: ConsentAction;
  occurredAt: Date | null;
  sourceKind: SourceKind;
  sourceDetail?: string;
  captureMethod: CaptureMethod;
  optInLevel?: OptInLevel | null;
  consentText?: { id: string; sha256: string } | null;
  /** Idempotency key chosen by the client (storefront, checkout, webhook id). */
  clientEventId?: string | null;
  /** Personal facts that help prove the event; erasable by redaction. */
  details?: Record<string, string | null | undefined>;
}

const MAX_ATTEMPTS = 20;

/** Every column of ConsentEvent, for the multi-row insert of large batches. */
const EVENT_COLUMNS = [
  "id",
  "shop",
  "seq",
  "contactId",
  "channel",
  "action",
  "occurredAt",
  "recordedAt",
  "sourceKind",
  "sourceDetail",
  "captureMethod",
  "optInLevel",
  "consentTextId",
  "consentTextSha256",
  "clientEventId",
  "details",
  "detailsHash",
  "prevHash",
  "hash",
  "redactedAt",
] as const satisfies readonly (keyof ConsentEvent)[];

export class LedgerConflictError extends Error {}

type Transaction = Parameters<Parameters<Database["$transaction"]>[0]>[0];

export type { Transaction };

/**
 * Runs `work` in a transaction, retrying it when a concurrent writer moved
 * the ledger head first. `work` must be safe to run again from the start.
 */
export async function withLedgerTransaction<T>(
  db: Database,
  work: (tx: Transaction) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(work, { timeout: 60_000, maxWait: 30_000 });
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

/** Where the shop's chain ends: the last event's seq and hash (GENESIS_HASH before the first). */
export interface LedgerHead {
  seq: number;
  hash: string;
}

/** The head a shop row holds (its ledger columns as read or returned). */
export const headOf = (row: { ledgerSeq: number | bigint; ledgerHead: string }): LedgerHead => {
  const seq = Number(row.ledgerSeq);
  return { seq, hash: seq === 0 ? GENESIS_HASH : row.ledgerHead };
};

/**
 * The first statement of a ledger transaction: a write to the shop row (it
 * changes nothing) that returns the chain's head. PostgreSQL locks the row
 * until commit, so other appenders for this shop wait here while other shops
 * carry on; SQLite takes its database write lock here, at the start, rather
 * than upgrading a read lock later (which fails with SQLITE_BUSY instead of
 * waiting). The head it returns cannot move until this transaction ends.
 * Returns null when the shop has no row yet.
 */
export async function lockShopLedger(tx: Transaction, shop: string): Promise<LedgerHead | null> {
  const rows = await tx.$queryRaw<{ ledgerSeq: number | bigint; ledgerHead: string }[]>`
    UPDATE "Shop" SET "ledgerSeq" = "ledgerSeq" WHERE "domain" = ${shop} RETURNING "ledgerSeq", "ledgerHead"`;
  const [row] = rows;
  return row ? headOf(row) : null;
}

/**
 * A ledger transaction for one shop: locks the shop's chain first, then runs
 * `work` with the head the lock returned (good until `work` appends), retried
 * from the start if a writer still got in between.
 */
export function withShopLedger<T>(
  db: Database,
  shop: string,
  work: (tx: Transaction, head: LedgerHead) => Promise<T>,
) {
  return withLedgerTransaction(db, async (tx) => {
    // A shop without a row gets one: the insert is then the write that serialises.
    let head = await lockShopLedger(tx, shop);
    if (!head) head = headOf(await tx.shop.create({ data: { domain: shop } }));
    return work(tx, head);
  });
}

/**
 * Appends events to the shop's chain inside the caller's transaction, which
 * must have been opened with withShopLedger: one read of the head (none when
 * the caller passes the head its lock returned), one batched insert, one
 * compare-and-set of the head. `before` are rows the events need written
 * first (the contact a capture creates); on PostgreSQL in SQL mode they,
 * the events and the compare-and-set are one statement.
 */
export async function appendEventsInTransaction(
  tx: Transaction,
  shop: string,
  inputs: readonly Omit<NewConsentEvent, "shop">[],
  now: () => Date = () => new Date(),
  mode?: WriteMode,
  knownHead?: LedgerHead,
  before: readonly RowBatch[] = [],
): Promise<ConsentEvent[]> {
  if (inputs.length === 0) {
    for (const batch of before) await insertRows(tx, batch.table, batch.columns, batch.types, batch.rows);
    return [];
  }
  const head =
    knownHead ??
    headOf(
      await tx.shop.findUniqueOrThrow({
        where: { domain: shop },
        select: { ledgerSeq: true, ledgerHead: true },
      }),
    );
  let previous = head;
  const recordedAt = now();
  const rows: ConsentEvent[] = [];
  for (const input of inputs) {
    const sealed = sealDetails(input.details ?? {});
    const entry = chainEntry(previous, {
      shop,
      id: input.id ?? timeOrderedId(),
      contactId: input.contactId,
      channel: input.channel,
      action: input.action,
      occurredAt: input.occurredAt,
      recordedAt,
      sourceKind: input.sourceKind,
      sourceDetail: input.sourceDetail ?? "",
      captureMethod: input.captureMethod,
      optInLevel: input.optInLevel ?? null,
      consentTextSha256: input.consentText?.sha256 ?? null,
      clientEventId: input.clientEventId ?? null,
      detailsHash: sealed.detailsHash,
    });
    rows.push({
      ...entry,
      consentTextId: input.consentText?.id ?? null,
      details: sealed.details,
      redactedAt: null,
    });
    previous = entry;
  }
  const sql = writeModeFor(rows.length, mode) === "sql";
  // PostgreSQL: the rows `before` (a new contact), the events and the head's
  // compare-and-set in one statement, one round trip instead of three.
  const together = sql
    ? await writeTogether(
        tx,
        [...before, { table: "ConsentEvent", columns: EVENT_COLUMNS, types: CONSENT_EVENT_TYPES, rows }],
        {
          table: "Shop",
          set: {
            ledgerSeq: { value: previous.seq, type: "int" },
            ledgerHead: { value: previous.hash, type: "text" },
            updatedAt: { value: new Date(), type: "datetime" },
          },
          where: { domain: { value: shop, type: "text" }, ledgerSeq: { value: head.seq, type: "int" } },
        },
      )
    : null;
  if (together) {
    // Rolled back with the transaction when the head moved: retried from the start.
    if (together.updated !== 1) throw new LedgerConflictError("ledger head moved");
    return rows;
  }
  for (const batch of before) await insertRows(tx, batch.table, batch.columns, batch.types, batch.rows);
  // A head passed in that is not the shop's (stale, or another transaction's) fails here: retried from the start.
  const advanced = await tx.$executeRaw`
    UPDATE "Shop" SET "ledgerSeq" = ${previous.seq}, "ledgerHead" = ${previous.hash}, "updatedAt" = ${new Date()}
    WHERE "domain" = ${shop} AND "ledgerSeq" = ${head.seq}`;
  if (advanced !== 1) throw new LedgerConflictError("ledger head moved");
  if (sql) await insertRows(tx, "ConsentEvent", EVENT_COLUMNS, CONSENT_EVENT_TYPES, rows);
  else await tx.consentEvent.createMany({ data: rows });
  return rows;
}

/** Appends one event; a repeated client event id returns the stored event instead. */
export async function appendConsentEvent(
  db: Database,
  input: NewConsentEvent,
  now: () => Date = () => new Date(),
): Promise<{ event: ConsentEvent; created: boolean }> {
  return withShopLedger(db, input.shop, async (tx) => {
    if (input.clientEventId) {
      const existing = await tx.consentEvent.findUnique({
        where: { shop_clientEventId: { shop: input.shop, clientEventId: input.clientEventId } },
      });
      if (existing) return { event: existing, created: false };
    }
    const [event] = await appendEventsInTransaction(tx, input.shop, [input], now);
    return { event: event as ConsentEvent, created: true };
  });
}

function isRetryable(error: unknown): boolean {
  if (error instanceof LedgerConflictError) return true;
  const code = (error as { code?: string }).code;
  // P2002: a concurrent writer took the same seq (or client event id: the retry then finds it).
  // P2034: the database asked us to retry the transaction (write conflict / deadlock).
  return (
    code === "P2002" ||
    code === "P2034" ||
    isRawUniqueViolation(error) ||
    /SQLITE_BUSY|database is locked/i.test(String(error))
  );
}

/**
 * Streams the shop's chain in seq order through the verifier, a page at a
 * time, up to the head recorded on the shop row (events appended meanwhile
 * are left for the next run), and checks the chain ends at that head.
 * Beside the chain it checks what the exports show: every wording's text
 * against its sha256, each event's wording pointer, and each contact's phone
 * against the event that decides its segment.
 */
export async function verifyShopLedger(
  db: Database,
  shop: string,
  pageSize = 5000,
): Promise<LedgerVerification> {
  const wordings = await db.consentTextVersion.findMany({
    where: { shop },
    select: { id: true, sha256: true, text: true },
  });
  const verifier = new LedgerVerifier(wordings);
  const head = await db.shop.findUnique({
    where: { domain: shop },
    select: { ledgerSeq: true, ledgerHead: true },
  });
  const lastSeq = head?.ledgerSeq ?? 0;
  let afterSeq = 0;
  for (;;) {
    const page = await db.consentEvent.findMany({
      where: { shop, seq: { gt: afterSeq, lte: lastSeq } },
      orderBy: { seq: "asc" },
      take: pageSize,
    });
    const contacts = await contactsOf(db, shop, page);
    for (const event of page) {
      verifier.add(event, contacts.get(event.contactId));
      afterSeq = event.seq;
    }
    if (page.length < pageSize) break;
  }
  verifier.checkUncitedWordings();
  if (head)
    verifier.expectHead({ seq: head.ledgerSeq, hash: head.ledgerSeq === 0 ? GENESIS_HASH : head.ledgerHead });
  return verifier.result();
}

interface ContactRow {
  id: string;
  phoneE164: string | null;
  redactedAt: Date | null;
  evidenceEventId: string | null;
  segment: string;
  reasons: string;
}

/** The contacts of a page of events, looked up by id in one statement of one (JSON) parameter. */
async function contactsOf(
  db: Database,
  shop: string,
  events: readonly { contactId: string }[],
): Promise<Map<string, StoredContact>> {
  const ids = [...new Set(events.map((event) => event.contactId))];
  const rows = await findByKeys<ContactRow>(db, "Contact", shop, "id", ids);
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        phoneE164: row.phoneE164,
        redactedAt: row.redactedAt,
        evidenceEventId: row.evidenceEventId,
        exportable: row.segment === "whatsapp_substantiated" && row.reasons === "" && row.redactedAt === null,
      },
    ]),
  );
}

/**
 * Checks a head witnessed outside the database (signed into an evidence
 * pack) against the chain: the event at the witnessed seq must still be
 * there with the witnessed hash. A chain whose newest events were deleted,
 * and its recorded head moved back with them, verifies on its own; it fails
 * here. Call after verifyShopLedger; the signature is the caller's to check.
 */
export async function checkWitnessedHead(
  db: Database,
  witness: { shop: string; seq: number; head: string },
): Promise<LedgerBreak | null> {
  if (witness.seq === 0) return null;
  const event = await db.consentEvent.findUnique({
    where: { shop_seq: { shop: witness.shop, seq: witness.seq } },
    select: { id: true, hash: true },
  });
  if (event?.hash === witness.head) return null;
  return { seq: witness.seq, id: event?.id ?? "", problem: "witness_mismatch" };
}
