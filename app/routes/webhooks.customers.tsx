import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { db } from "../db.server";
import { acknowledged } from "../http/answers";
import { refuseDelivery, rejectedPayload } from "../http/webhook-answers";
import { authenticateWebhook } from "../http/webhook-auth.server";
import { applySnapshots, unlinkDeletedCustomer } from "../sync/apply-snapshots.server";
import {
  CONSENT_TOPICS,
  type ConsentTopic,
  restId,
  snapshotFromConsentPayload,
  snapshotFromCustomerPayload,
} from "../sync/customer-snapshot";
import { handleOnce } from "../webhooks/once.server";
import { topicName } from "../webhooks/subscriptions";

const DeletePayload = z.object({ id: restId });

/**
 * customers/create|update|delete and the three consent topics
 * (email, SMS, WhatsApp): each applies what its payload carries.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload, webhookId } = await authenticateWebhook(request);
  const name = topicName(String(topic));
  if (name === "customers/delete") {
    const parsed = DeletePayload.safeParse(payload);
    if (!parsed.success) return rejectedPayload(name, parsed.error.issues[0]?.message ?? "invalid");
    await handleOnce(db, { shop, webhookId, topic: name }, () =>
      unlinkDeletedCustomer(db, shop, parsed.data.id),
    );
    return acknowledged();
  }
  let parsed: ReturnType<typeof snapshotFromCustomerPayload>;
  if (name === "customers/create" || name === "customers/update")
    parsed = snapshotFromCustomerPayload(payload);
  else if (name && name in CONSENT_TOPICS) parsed = snapshotFromConsentPayload(name as ConsentTopic, payload);
  else return refuseDelivery("invalid", `Bad Request: this address does not take ${String(topic)} webhooks`);
  if (!parsed.ok) return rejectedPayload(name, parsed.error);
  const { snapshot } = parsed;
  await handleOnce(db, { shop, webhookId, topic: name }, () => applySnapshots(db, shop, [snapshot]));
  return acknowledged();
};
