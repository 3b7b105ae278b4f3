import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { listCheckProblemText } from "../admin/list-check-errors";
import { ListCheckRequestError } from "../list-check/problems";
import { OUTPUT_FILES, outputResponse } from "../list-check/upload.server";
import { requireAdmin } from "../shopify/admin-auth.server";

const DownloadParams = z.object({ runId: z.string(), file: z.enum(OUTPUT_FILES) });

/** GET /app/list-check/runs/:runId/(group-a|group-b).csv: one output of this shop's run, streamed. */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = DownloadParams.safeParse(params);
  if (!parsed.success) return Response.json({ error: "No such file." }, { status: 404 });
  try {
    return await outputResponse(shop, parsed.data.runId, parsed.data.file);
  } catch (error) {
    if (error instanceof ListCheckRequestError)
      return Response.json({ error: listCheckProblemText(error.problem) }, { status: error.status });
    throw error;
  }
};
