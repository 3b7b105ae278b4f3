/**
 * `wa-consent verify-ledger [--shop <domain>] [--json]`: re-computes every
 * shop's consent hash chain in the database of DATABASE_URL and reports the
 * head, the event count and the first broken link. Exit 1 when any is broken.
 */
import type { LedgerVerification } from "../consent/ledger";

export interface ShopLedgerReport extends LedgerVerification {
  shop: string;
}

export async function verifyLedgers(
  databaseUrl: string,
  shop: string | null,
): Promise<ShopLedgerReport[] | null> {
  const { createDatabase } = await import("../db/client.server");
  const { verifyShopLedger } = await import("../ledger/consent-events.server");
  const db = createDatabase(databaseUrl);
  try {
    const shops = shop
      ? await db.shop.findMany({ where: { domain: shop }, select: { domain: true } })
      : await db.shop.findMany({ select: { domain: true }, orderBy: { domain: "asc" } });
    if (shop && shops.length === 0) return null;
    const reports: ShopLedgerReport[] = [];
    for (const { domain } of shops) reports.push({ shop: domain, ...(await verifyShopLedger(db, domain)) });
    return reports;
  } finally {
    await db.$disconnect();
  }
}

function brokenLine(report: ShopLedgerReport): string {
  const link = report.firstBreak;
  const where = link?.id ? `event #${link.seq} (${link.id})` : `event #${link?.seq}`;
  const problem =
    link?.problem === "head_mismatch"
      ? "head_mismatch (the shop's recorded head is further on: events are missing from the end)"
      : link?.problem;
  return `${report.shop}: LEDGER BROKEN at ${where}: ${problem}; ${report.eventCount} events read`;
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
