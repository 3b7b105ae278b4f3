/**
 * Small shops (or a first page while a bulk job runs): customers a page at a
 * time, paced by the client's throttle handling, each page applied in one
 * batch. A page of 250 would cost about 1,500 points with the nested consent
 * objects, over the 1,000-point limit of a single query: 150 costs about 900.
 */
export const PAGE_SIZE = 150;

import type { Database } from "../db.server";
import type { AdminGraphql } from "../shopify/admin-client.server";
import { applySnapshots } from "./apply-snapshots.server";
import { CUSTOMERS_PAGE_QUERY, withCustomerFields } from "./customer-queries";
import { type CustomerSnapshot, snapshotFromGraphql } from "./customer-snapshot";

interface CustomersPage {
  customers: { nodes: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

export interface SyncSummary {
  customers: number;
  created: number;
  updated: number;
  unchanged: number;
  events: number;
  rejected: { customerId: string | null; error: string }[];
}

export const emptySummary = (): SyncSummary => ({
  customers: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  events: 0,
  rejected: [],
});

export function addResult(
  summary: SyncSummary,
  result: { created: number; updated: number; unchanged: number; events: number },
) {
  summary.created += result.created;
  summary.updated += result.updated;
  summary.unchanged += result.unchanged;
  summary.events += result.events;
}

export function collectSnapshot(node: unknown, snapshots: CustomerSnapshot[], summary: SyncSummary) {
  summary.customers += 1;
  const parsed = snapshotFromGraphql(node);
  if (parsed.ok) snapshots.push(parsed.snapshot);
  else {
    const id = (node as { id?: unknown })?.id;
    summary.rejected.push({ customerId: typeof id === "string" ? id : null, error: parsed.error });
  }
}

export async function syncCustomersPaginated(
  db: Database,
  client: AdminGraphql,
  shop: string,
  options: { pageSize?: number; query?: string; maxPages?: number } = {},
): Promise<SyncSummary> {
  const summary = emptySummary();
  let after: string | null = null;
  for (let page = 0; page < (options.maxPages ?? Number.POSITIVE_INFINITY); page++) {
    const data: CustomersPage = await client.request<CustomersPage>(
      withCustomerFields(CUSTOMERS_PAGE_QUERY),
      {
        first: options.pageSize ?? PAGE_SIZE,
        after,
        query: options.query ?? null,
      },
    );
    const snapshots: CustomerSnapshot[] = [];
    for (const node of data.customers.nodes) collectSnapshot(node, snapshots, summary);
    addResult(summary, await applySnapshots(db, shop, snapshots));
    if (!data.customers.pageInfo.hasNextPage) break;
    after = data.customers.pageInfo.endCursor;
  }
  return summary;
}
