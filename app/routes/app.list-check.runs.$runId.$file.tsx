import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { listCheckProblemText } from "../admin/list-check-errors";
import { downloadResponse, refuse } from "../http/answers";
import { OUTPUT_FILES, outputDownload } from "../list-check/upload.server";
import { requireAdmin } from "../shopify/admin-auth.server";

const DownloadParams = z.object({ runId: z.string(), file: z.enum(OUTPUT_FILES) });

/** GET /app/list-check/runs/:runId/(group-a|group-b).csv: one output of this shop's run, streamed. */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = DownloadParams.safeParse(params);
  if (!parsed.success) return refuse("not_found", "No such file.");
  const output = await outputDownload(shop, parsed.data.runId, parsed.data.file);
  return output.ok
    ? downloadResponse(output.value)
    : refuse(output.kind, listCheckProblemText(output.problem));
};
