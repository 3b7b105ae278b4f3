import type { LoaderFunctionArgs } from "@remix-run/node";
import { ensureCurrentRules } from "../contacts/rules-refresh.server";
import { db } from "../db.server";
import { rePermissionExportResponse } from "../export/re-permission.server";
import { requireAdmin } from "../shopify/admin-auth.server";

/** GET /app/export/re-permission: SMS-only and email-only contacts, for a WhatsApp opt-in campaign. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, actor } = await requireAdmin(request);
  await ensureCurrentRules(db, shop);
  return rePermissionExportResponse(db, shop, actor);
};
