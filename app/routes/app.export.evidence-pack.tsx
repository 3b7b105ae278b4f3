import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { ensureCurrentRules } from "../contacts/rules-refresh.server";
import { db } from "../db.server";
import { refuse } from "../http/answers";
import { evidencePackResponse } from "../http/downloads.server";
import { requireAdmin } from "../shopify/admin-auth.server";

const PackQuery = z.object({ names: z.enum(["0", "1"]).default("1") });

/** GET /app/export/evidence-pack[?names=0]: the evidence ZIP for a platform's compliance review. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, actor } = await requireAdmin(request);
  await ensureCurrentRules(db, shop);
  const query = PackQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return refuse("invalid", "names must be 0 or 1");
  return evidencePackResponse(db, shop, { includeNames: query.data.names === "1", requestedBy: actor });
};
