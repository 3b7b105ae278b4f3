/**
 * Mirrors the WhatsApp consent the app records into Shopify
 * (customerWhatsAppMarketingConsentUpdate) through a durable outbox: the
 * task is written with the consent event, then sent, retried with backoff
 * on throttling or outages, and never sent twice once Shopify accepted it.
 * Shopify's userErrors stop the task and are kept for the merchant to see.
 */
import type { Database } from "../db.server";
import type { Transaction } from "../ledger/consent-events.server";
import { AdminApiError, type AdminGraphql } from "../shopify/admin-client.server";

export const WRITE_BACK_MUTATION = `#graphql
mutation WriteBackWhatsAppConsent($input: CustomerWhatsAppMarketingConsentUpdateInput!) {
  customerWhatsAppMarketingConsentUpdate(input: $input) {
    userErrors {
      field
      message
      code
    }
  }
}
`;

interface WriteBackResult {
  customerWhatsAppMarketingConsentUpdate: {
    userErrors: { field: string[] | null; message: string; code: string | null }[];
  } | null;
}

/** How long a claimed task may be "sending" before another worker may take it over. */
const LEASE_MS = 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;

export function backoffMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(attempts - 1, 0), MAX_BACKOFF_MS);
}

export interface WriteBackEvent {
  id: string;
  shop: string;
  contactId: string;
  action: string;
  optInLevel: string | null;
  occurredAt: Date | null;
  recordedAt: Date;
}

/** Queues the Shopify mirror of a WhatsApp event, in the event's own transaction. */
export async function enqueueWriteBack(
  tx: Transaction,
  event: WriteBackEvent,
  shopifyCustomerId: string | null,
) {
  if (
    !shopifyCustomerId ||
    (event.action !== "opt_in" && event.action !== "opt_out" && event.action !== "confirm")
  ) {
    return null;
  }
  return tx.writeBackTask.create({
    data: {
      shop: event.shop,
      eventId: event.id,
      contactId: event.contactId,
      shopifyCustomerId,
      marketingState: event.action === "opt_out" ? "UNSUBSCRIBED" : "SUBSCRIBED",
      optInLevel:
        event.action === "confirm" || event.optInLevel === "confirmed" ? "CONFIRMED_OPT_IN" : "SINGLE_OPT_IN",
      consentUpdatedAt: event.occurredAt ?? event.recordedAt,
    },
  });
}

export interface WriteBackRun {
  sent: number;
  failed: number;
  retrying: number;
}

export async function processWriteBacks(
  db: Database,
  shop: string,
  client: AdminGraphql,
  options: { now?: () => Date; limit?: number } = {},
): Promise<WriteBackRun> {
  const now = options.now ?? (() => new Date());
  const run: WriteBackRun = { sent: 0, failed: 0, retrying: 0 };
  const due = await db.writeBackTask.findMany({
    where: { shop, status: { in: ["pending", "sending"] }, nextAttemptAt: { lte: now() } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: options.limit ?? 100,
  });
  const blockedCustomers = new Set<string>();
  for (const task of due) {
    // Keep each customer's changes in order: a later one waits for an earlier retry.
    if (blockedCustomers.has(task.shopifyCustomerId)) continue;
    const earlier = await db.writeBackTask.findFirst({
      where: {
        shop,
        shopifyCustomerId: task.shopifyCustomerId,
        status: { in: ["pending", "sending"] },
        createdAt: { lt: task.createdAt },
      },
      select: { id: true },
    });
    if (earlier) {
      blockedCustomers.add(task.shopifyCustomerId);
      continue;
    }
    const claimed = await db.writeBackTask.updateMany({
      where: { id: task.id, status: task.status, nextAttemptAt: task.nextAttemptAt },
      data: {
        status: "sending",
        nextAttemptAt: new Date(now().getTime() + LEASE_MS),
        attempts: { increment: 1 },
      },
    });
    if (claimed.count === 0) continue;
    try {
      const data = await client.request<WriteBackResult>(WRITE_BACK_MUTATION, {
        input: {
          customerId: `gid://shopify/Customer/${task.shopifyCustomerId}`,
          whatsAppMarketingConsent: {
            state: task.marketingState,
            optInLevel: task.optInLevel,
            updatedAt: task.consentUpdatedAt.toISOString(),
          },
        },
      });
      const errors = data.customerWhatsAppMarketingConsentUpdate?.userErrors ?? [];
      if (errors.length > 0) {
        await db.writeBackTask.update({
          where: { id: task.id },
          data: {
            status: "failed",
            lastError: errors.map((error) => error.message).join("; "),
            completedAt: now(),
          },
        });
        run.failed += 1;
      } else {
        await db.writeBackTask.update({
          where: { id: task.id },
          data: { status: "done", lastError: null, completedAt: now() },
        });
        run.sent += 1;
      }
    } catch (error) {
      const transient = !(error instanceof AdminApiError) || error.transient;
      await db.writeBackTask.update({
        where: { id: task.id },
        data: transient
          ? {
              status: "pending",
              lastError: (error as Error).message,
              nextAttemptAt: new Date(now().getTime() + backoffMs(task.attempts + 1)),
            }
          : { status: "failed", lastError: (error as Error).message, completedAt: now() },
      });
      if (transient) {
        run.retrying += 1;
        blockedCustomers.add(task.shopifyCustomerId);
      } else run.failed += 1;
    }
  }
  return run;
}
