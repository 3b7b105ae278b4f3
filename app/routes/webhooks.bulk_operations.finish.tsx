import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { db } from "../db.server";
import { acknowledged } from "../http/answers";
import { rejectedPayload } from "../http/webhook-answers";
import { authenticateWebhook } from "../http/webhook-auth.server";
import { runInBackground } from "../jobs/background.server";
import { adminClientForShop } from "../shopify/offline-admin.server";
import { completeBulkSync } from "../sync/bulk-sync.server";

const FinishPayload = z.object({
  admin_graphql_api_id: z.string().startsWith("gid://shopify/BulkOperation/"),
});

/** A bulk operation ended: import its file. Answers at once; the import runs after. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, payload } = await authenticateWebhook(request);
  const parsed = FinishPayload.safeParse(payload);
  if (!parsed.success)
    return rejectedPayload("bulk_operations/finish", parsed.error.issues[0]?.message ?? "");
  const operationId = parsed.data.admin_graphql_api_id;
  const job = await db.bulkSyncJob.findFirst({ where: { shop, operationId } });
  if (!job) return acknowledged(); // not one of ours
  // A failure ends the run with its reason (the overview offers the retry); a repeat of this webhook finds it ended.
  runInBackground(`bulk-sync import ${shop}`, async () =>
    completeBulkSync(db, await adminClientForShop(shop), shop, operationId),
  );
  return acknowledged();
};
