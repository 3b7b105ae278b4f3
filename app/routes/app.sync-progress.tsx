/**
 * The shop's latest customer sync, read by the overview every few seconds
 * while a sync runs (useFetcher), so its counts move without a reload.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { requireAdmin } from "../shopify/admin-auth.server";
import { latestSyncProgress } from "../sync/sync-runs.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  return { progress: await latestSyncProgress(db, shop) };
};
