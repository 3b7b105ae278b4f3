import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { db } from "../db.server";
import { applySnapshots } from "../sync/apply-snapshots.server";
import { snapshotFromWebhook } from "../sync/customer-snapshot";
import { authenticateWebhook } from "../webhooks/authenticate.server";
import { handleOnce, rejectedPayload } from "../webhooks/once.server";

const DeletePayload = z.object({ id: z.union([z.number(), z.string()]) });

/** customers/create, customers/update and customers/delete. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload, webhookId } = await authenticateWebhook(request);
  const normalizedTopic = String(topic).toLowerCase().replace("_", "/");
  if (normalizedTopic === "customers/delete") {
    const parsed = DeletePayload.safeParse(payload);
    if (!parsed.success)
      return rejectedPayload("customers/delete", parsed.error.issues[0]?.message ?? "invalid");
    // The contact and its proof stay (the ledger is append-only); it just no longer links to Shopify.
    return handleOnce(db, { shop, webhookId, topic: normalizedTopic }, () =>
      db.contact.updateMany({
        where: { shop, shopifyCustomerId: String(parsed.data.id) },
        data: { shopifyCustomerId: null },
      }),
    );
  }
  const parsed = snapshotFromWebhook(payload);
  if (!parsed.ok) return rejectedPayload(normalizedTopic, parsed.error);
  return handleOnce(db, { shop, webhookId, topic: normalizedTopic }, () =>
    applySnapshots(db, shop, [parsed.snapshot]),
  );
};
