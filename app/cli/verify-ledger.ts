/**
 * `wa-consent verify-ledger [--shop <domain>] [--witness <pack.zip|ledger-verification.json>] [--json]`:
 * re-computes every shop's consent hash chain in the database of
 * DATABASE_URL, checks each event's wording and each contact's phone
 * against what the events committed to, and reports the head, the event
 * count and the first mismatch. With --witness, the head signed into an
 * evidence pack must still be in its shop's chain. Exit 1 when any check fails.
 */
import { readFile } from "node:fs/promises";
import { unzipSync } from "fflate";
import { z } from "zod";
import {
  type LedgerProblem,
  type LedgerVerification,
  type LedgerWitness,
  WITNESS_FORMAT,
  witnessSignatureValid,
} from "../consent/ledger";

export interface ShopLedgerReport extends LedgerVerification {
  shop: string;
}

export async function verifyLedgers(
  databaseUrl: string,
  shop: string | null,
  witness: LedgerWitness | null = null,
): Promise<ShopLedgerReport[] | null> {
  const { createDatabase } = await import("../db/client.server");
  const { checkWitnessedHead, verifyShopLedger } = await import("../ledger/consent-events.server");
  const db = createDatabase(databaseUrl);
  try {
    const only = witness?.shop ?? shop;
    const shops = only
      ? await db.shop.findMany({ where: { domain: only }, select: { domain: true } })
      : await db.shop.findMany({ select: { domain: true }, orderBy: { domain: "asc" } });
    if (only && shops.length === 0) return null;
    const reports: ShopLedgerReport[] = [];
    for (const { domain } of shops) {
      const report: ShopLedgerReport = { shop: domain, ...(await verifyShopLedger(db, domain)) };
      if (report.ok && witness) {
        const missing = await checkWitnessedHead(db, witness);
        if (missing) Object.assign(report, { ok: false, firstBreak: missing });
      }
      reports.push(report);
    }
    return reports;
  } finally {
    await db.$disconnect();
  }
}

const WitnessFile = z.object({
  witness: z.object({
    format: z.literal(WITNESS_FORMAT),
    shop: z.string().min(1),
    seq: z.number().int().nonnegative(),
    head: z.string().regex(/^[0-9a-f]{64}$/),
    signedAt: z.string(),
    signature: z.string().regex(/^[0-9a-f]{64}$/),
  }),
});

const LEDGER_FILE = "ledger-verification.json";

/**
 * Reads the signed head from an evidence pack (the ZIP, or its
 * ledger-verification.json) and checks its signature with the app's secret.
 * Returns a message a person can act on instead of a witness when it cannot.
 */
export async function readWitness(
  file: string,
  secret: string | undefined,
): Promise<{ witness: LedgerWitness } | { problem: string }> {
  let text: string;
  try {
    const bytes = new Uint8Array(await readFile(file));
    if (file.toLowerCase().endsWith(".zip")) {
      const entry = unzipSync(bytes, { filter: (found) => found.name === LEDGER_FILE })[LEDGER_FILE];
      if (!entry) return { problem: `${file} holds no ${LEDGER_FILE}: is it an evidence pack?` };
      text = new TextDecoder().decode(entry);
    } else text = new TextDecoder().decode(bytes);
  } catch (error) {
    return { problem: `cannot read ${file}: ${(error as Error).message}` };
  }
  let parsed: z.infer<typeof WitnessFile>;
  try {
    parsed = WitnessFile.parse(JSON.parse(text));
  } catch {
    return { problem: `${file} has no signed ledger head (the "witness" of ${LEDGER_FILE})` };
  }
  if (!secret)
    return { problem: "set SHOPIFY_API_SECRET (the app's secret) to check the witness's signature" };
  if (!witnessSignatureValid(secret, parsed.witness))
    return { problem: `the witness in ${file} is not signed with this app's secret: it proves nothing` };
  return { witness: parsed.witness };
}

const PROBLEM_EXPLANATIONS: Partial<Record<LedgerProblem, string>> = {
  head_mismatch: "the shop's recorded head is further on: events are missing from the end",
  witness_mismatch: "the head signed into an evidence pack is no longer in the chain: events were removed",
  consent_text_altered: "the wording's stored text no longer matches the sha256 the events committed to",
  consent_text_mismatch: "the event points at a wording other than the one its hash commits to",
  phone_mismatch: "the contact's phone is not the phone its deciding event committed to",
  phone_not_committed: "an exportable contact's deciding event commits to no phone",
  redaction_mismatch: "an event's details were erased without redacting its contact",
};

function brokenLine(report: ShopLedgerReport): string {
  const link = report.firstBreak;
  const where = link?.id ? `event #${link.seq} (${link.id})` : `event #${link?.seq}`;
  const explained = link ? PROBLEM_EXPLANATIONS[link.problem] : undefined;
  const subject = link?.subject ? ` [${link.subject}]` : "";
  const problem = explained ? `${link?.problem}${subject} (${explained})` : `${link?.problem}${subject}`;
  const at = link?.seq === 0 ? "a wording no event cites" : where;
  return `${report.shop}: LEDGER BROKEN at ${at}: ${problem}; ${report.eventCount} events read`;
}

export function formatLedgerReports(reports: readonly ShopLedgerReport[]): string {
  if (reports.length === 0) return "No shop has consent events yet.\n";
  return `${reports
    .map((report) =>
      report.ok
        ? `${report.shop}: ledger verifies (${report.eventCount} events, head ${report.head})`
        : brokenLine(report),
    )
    .join("\n")}\n`;
}
