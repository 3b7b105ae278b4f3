/** The admin's downloads as responses: the export modules say what a file holds, this sends it. */
import type { Database } from "../db.server";
import { type EvidencePackOptions, evidencePackDownload } from "../export/evidence-pack.server";
import { groupAExport } from "../export/group-a.server";
import { rePermissionExport } from "../export/re-permission.server";
import { downloadResponse } from "./answers";

export const groupAExportResponse = (...args: Parameters<typeof groupAExport>): Response =>
  downloadResponse(groupAExport(...args));

export const rePermissionExportResponse = (...args: Parameters<typeof rePermissionExport>): Response =>
  downloadResponse(rePermissionExport(...args));

export const evidencePackResponse = (db: Database, shop: string, options: EvidencePackOptions): Response =>
  downloadResponse(evidencePackDownload(db, shop, options));
