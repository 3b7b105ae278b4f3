import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { ensureCurrentRules } from "../contacts/rules-refresh.server";
import { db } from "../db.server";
import { CSV_FORMS } from "../export/csv-form";
import { refuse } from "../http/answers";
import { groupAExportResponse } from "../http/downloads.server";
import { requireAdmin } from "../shopify/admin-auth.server";

const ExportQuery = z.object({
  names: z.enum(["0", "1"], { message: "names must be 0 or 1" }).default("1"),
  form: z.enum(CSV_FORMS, { message: "form must be importer or spreadsheet" }).default("importer"),
});

/** GET /app/export/group-a[?names=0][&form=spreadsheet]: the clean WhatsApp export as CSV. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, actor } = await requireAdmin(request);
  await ensureCurrentRules(db, shop);
  const query = ExportQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) {
    return refuse("invalid", query.error.issues.map((issue) => issue.message).join("; "));
  }
  return groupAExportResponse(db, shop, {
    includeNames: query.data.names === "1",
    requestedBy: actor,
    form: query.data.form,
  });
};
