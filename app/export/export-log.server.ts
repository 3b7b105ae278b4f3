/**
 * Every file the merchant takes out of the app is logged: what, when, who,
 * how many rows and the sha256 of the exact bytes sent, so a file found
 * later can be matched to the export that produced it.
 */
import { createHash, type Hash } from "node:crypto";
import type { Database } from "../db.server";

export const EXPORT_KINDS = ["group_a", "re_permission", "evidence_pack"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** "failed": an error cut the file off after its first byte; the client was sent an aborted download. */
export type ExportStatus = "completed" | "failed";

export interface ExportRequest {
  shop: string;
  kind: ExportKind;
  /** AdminContext.actor: "staff:<user id>" or "demo"; never a name or email. */
  requestedBy: string;
  options?: string;
}

/** Hashes the bytes as they leave and writes the log entry once the file is complete. */
export class ExportReceipt {
  private readonly hash: Hash = createHash("sha256");
  private bytes = 0;

  constructor(private readonly request: ExportRequest) {}

  update(chunk: Uint8Array | string): void {
    this.hash.update(chunk);
    this.bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.byteLength;
  }

  get size(): number {
    return this.bytes;
  }

  /** Logs the export; call only after the last byte was handed over. */
  complete(db: Database, rows: number) {
    return this.log(db, rows, "completed");
  }

  /**
   * Logs an export that an error cut off, with the rows and hash of what had
   * been sent. Never throws: the error that cut the file is the one to report.
   */
  async fail(db: Database, rows: number): Promise<void> {
    await this.log(db, rows, "failed").catch((error: unknown) => {
      console.error(
        `Export ${this.request.kind} failed and could not be logged: ${(error as Error).message}`,
      );
    });
  }

  private log(db: Database, rows: number, status: ExportStatus) {
    return db.exportLog.create({
      data: {
        shop: this.request.shop,
        kind: this.request.kind,
        rows,
        sha256: this.hash.digest("hex"),
        options: this.request.options ?? "",
        requestedBy: this.request.requestedBy,
        status,
      },
    });
  }
}

/** The latest exports of a shop, newest first (the export page's history). */
export function recentExports(db: Database, shop: string, take = 25) {
  return db.exportLog.findMany({
    where: { shop },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      kind: true,
      rows: true,
      sha256: true,
      options: true,
      requestedBy: true,
      createdAt: true,
      status: true,
    },
  });
}

/** `whatsapp-<what>-<shop>-<day>.<ext>`: a file name that says what and whose it is. */
export function exportFileName(shop: string, what: string, extension: string): string {
  const day = new Date().toISOString().slice(0, 10);
  return `whatsapp-${what}-${shop.replace(/\.myshopify\.com$/, "")}-${day}.${extension}`;
}
