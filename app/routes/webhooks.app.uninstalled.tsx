import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { acknowledged } from "../http/answers";
import { authenticateWebhook } from "../http/webhook-auth.server";

/** Sessions go now; the shop's data stays until shop/redact (48 hours later). */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticateWebhook(request);
  await db.session.deleteMany({ where: { shop } });
  await db.shop.updateMany({ where: { domain: shop }, data: { uninstalledAt: new Date() } });
  return acknowledged();
};
