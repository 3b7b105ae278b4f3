import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { ensureCurrentRules } from "../contacts/rules-refresh.server";
import { db } from "../db.server";
import { CSV_FORMS } from "../export/csv-form";
import { RE_PERMISSION_SEGMENTS } from "../export/re-permission.server";
import { refuse } from "../http/answers";
import { rePermissionExportResponse } from "../http/downloads.server";
import { requireAdmin } from "../shopify/admin-auth.server";

const RePermissionQuery = z.object({
  segment: z
    .enum([...RE_PERMISSION_SEGMENTS, "all"], { message: "segment must be sms_only, email_only or all" })
    .default("all"),
  form: z.enum(CSV_FORMS, { message: "form must be importer or spreadsheet" }).default("importer"),
});

/** GET /app/export/re-permission[?segment=sms_only][&form=spreadsheet]: SMS-only and email-only contacts, for a WhatsApp opt-in campaign. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, actor } = await requireAdmin(request);
  const query = RePermissionQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) {
    return refuse("invalid", query.error.issues.map((issue) => issue.message).join("; "));
  }
  await ensureCurrentRules(db, shop);
  const { segment, form } = query.data;
  return rePermissionExportResponse(db, shop, actor, {
    segments: segment === "all" ? undefined : [segment],
    form,
  });
};
