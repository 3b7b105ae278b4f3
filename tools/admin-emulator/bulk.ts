/**
 * Bulk query operations: validated against the SDL, run in the background
 * (CREATED → RUNNING → COMPLETED), written as JSONL by streaming page after
 * page to a file (nested connections become their own lines with
 * `__parentId`, as Shopify writes them), finished with a webhook.
 */
import { once } from "node:events";
import { createWriteStream, rmSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep, setImmediate as tick } from "node:timers/promises";
import { type DocumentNode, execute, parse, validate } from "graphql";
import { checkBulkShape, connectionItems, flatten } from "./bulk-jsonl";
import { fieldResolver, type RequestContext, typeResolver } from "./resolvers";
import { adminSchema } from "./schema";

export type BulkStatus =
  | "CREATED"
  | "RUNNING"
  | "COMPLETED"
  | "CANCELING"
  | "CANCELED"
  | "FAILED"
  | "EXPIRED";
export type BulkErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";

const ACTIVE: readonly BulkStatus[] = ["CREATED", "RUNNING", "CANCELING"];
const iso = (d = new Date()) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

export class BulkOperation {
  status: BulkStatus = "CREATED";
  errorCode: BulkErrorCode | null = null;
  readonly createdAt = iso();
  completedAt: string | null = null;
  objectCount = 0;
  rootObjectCount = 0;
  fileSize: number | null = null;
  url: string | null = null;
  partialDataUrl: string | null = null;
  cancelRequested = false;
  /** Set by BulkOperations.fail: the operation fails with this code before its next page. */
  failRequested: BulkErrorCode | null = null;
  readonly type = "QUERY" as const;

  constructor(
    readonly numericId: number,
    readonly shop: string,
    readonly query: string,
    readonly document: DocumentNode,
    readonly file: string,
  ) {}

  get id(): string {
    return `gid://shopify/BulkOperation/${this.numericId}`;
  }

  view() {
    return {
      __typename: "BulkOperation",
      id: this.id,
      status: this.status,
      errorCode: this.errorCode,
      createdAt: this.createdAt,
      completedAt: this.completedAt,
      objectCount: String(this.objectCount),
      rootObjectCount: String(this.rootObjectCount),
      fileSize: this.fileSize === null ? null : String(this.fileSize),
      url: this.url,
      partialDataUrl: this.partialDataUrl,
      query: this.query,
      type: this.type,
    };
  }
}

export interface BulkOptions {
  /** Folder for the JSONL files. */
  dir: string;
  /** Base URL the files are served from (`${baseUrl}/bulk/<id>.jsonl`). */
  baseUrl: () => string;
  /** Context for running the query as the shop. */
  context: (shop: string) => RequestContext;
  /** Called when an operation ends (completed, failed or canceled). */
  onFinish: (op: BulkOperation) => void;
  maxConcurrent?: number;
  pageSize?: number;
  /** Pause between pages, to make operations last (tests of polling and cancel). */
  pageDelayMs?: number;
}

/**
 * Holds a shop's bulk operations before each page until a test lets pages
 * through, so a test can watch objectCount rise one page at a time.
 */
class PageGate {
  private allowance = 0;
  private readonly waiting: (() => void)[] = [];

  allow(pages: number): void {
    this.allowance += pages;
    while (this.allowance > 0 && this.waiting.length > 0) {
      this.allowance--;
      this.waiting.shift()?.();
    }
  }

  pass(): Promise<void> {
    if (this.allowance > 0) {
      this.allowance--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

type UserError = { field: string[] | null; message: string; code?: "INVALID" | "LIMIT_REACHED" | null };

export class BulkOperations {
  private readonly ops = new Map<string, BulkOperation>();
  private readonly running = new Set<Promise<void>>();
  private readonly failNextFor = new Map<string, BulkErrorCode>();
  private readonly gates = new Map<string, PageGate>();
  private nextId = 1_000_001;

  constructor(private readonly options: BulkOptions) {}

  get(shop: string, gid: string): BulkOperation | undefined {
    const op = this.ops.get(gid);
    return op?.shop === shop ? op : undefined;
  }

  byNumericId(numericId: number): BulkOperation | undefined {
    return this.ops.get(`gid://shopify/BulkOperation/${numericId}`);
  }

  current(shop: string, type: "QUERY" | "MUTATION"): BulkOperation | undefined {
    if (type !== "QUERY") return undefined;
    return [...this.ops.values()].filter((op) => op.shop === shop).pop();
  }

  /** The shop's next bulk operation stops after its first page with this error (partial data kept). */
  failNext(shop: string, code: BulkErrorCode = "INTERNAL_SERVER_ERROR"): void {
    this.failNextFor.set(shop, code);
  }

  /** From now on the shop's bulk operations wait before each page until releasePages lets it through. */
  holdPages(shop: string): void {
    if (!this.gates.has(shop)) this.gates.set(shop, new PageGate());
  }

  /** Lets `pages` more pages of the shop's held operations through (all of them, and no more holding, with Infinity). */
  releasePages(shop: string, pages: number): void {
    const gate = this.gates.get(shop);
    if (!gate) return;
    gate.allow(pages);
    if (pages === Number.POSITIVE_INFINITY) this.gates.delete(shop);
  }

  /**
   * Fails the shop's running operation before its next page, as Shopify does
   * on an internal error or a timeout (the pages written stay as partial
   * data). False when no operation of the shop is running.
   */
  fail(shop: string, code: BulkErrorCode = "INTERNAL_SERVER_ERROR"): boolean {
    const op = [...this.ops.values()].filter((o) => o.shop === shop && ACTIVE.includes(o.status)).pop();
    if (!op) return false;
    op.failRequested = code;
    // A held operation must reach its check.
    this.gates.get(shop)?.allow(1);
    return true;
  }

  run(shop: string, query: string, _groupObjects: boolean) {
    const invalid = (message: string) => ({
      bulkOperation: null,
      userErrors: [
        { field: ["query"], message: `Invalid bulk query: ${message}`, code: "INVALID" },
      ] as UserError[],
    });
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (e) {
      return invalid((e as Error).message);
    }
    const errors = validate(adminSchema(), document);
    if (errors.length) return invalid(errors.map((e) => e.message).join("; "));
    const problem = checkBulkShape(document);
    if (problem) return invalid(problem);
    const active = [...this.ops.values()].filter((op) => op.shop === shop && ACTIVE.includes(op.status));
    if (active.length >= (this.options.maxConcurrent ?? 5)) {
      return {
        bulkOperation: null,
        userErrors: [
          {
            field: null,
            message: "Bulk operations limit reached. Please try again later.",
            code: "LIMIT_REACHED",
          },
        ] as UserError[],
      };
    }
    const numericId = this.nextId++;
    const op = new BulkOperation(
      numericId,
      shop,
      query,
      document,
      path.join(this.options.dir, `${numericId}.jsonl`),
    );
    this.ops.set(op.id, op);
    const job = this.execute(op).finally(() => this.running.delete(job));
    this.running.add(job);
    return { bulkOperation: op.view(), userErrors: [] as UserError[] };
  }

  cancel(shop: string, gid: string) {
    const op = this.get(shop, gid);
    if (!op)
      return {
        bulkOperation: null,
        userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }],
      };
    if (!ACTIVE.includes(op.status)) {
      const message = `A bulk operation cannot be canceled when it is ${op.status.toLowerCase()}`;
      return { bulkOperation: op.view(), userErrors: [{ field: null, message }] };
    }
    op.cancelRequested = true;
    if (op.status !== "CREATED") op.status = "CANCELING";
    return { bulkOperation: op.view(), userErrors: [] };
  }

  /** Lets every held page through and stops holding (the emulator is closing). */
  releaseAll(): void {
    for (const shop of [...this.gates.keys()]) this.releasePages(shop, Number.POSITIVE_INFINITY);
  }

  /** Resolves when no operation is running. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }

  private async execute(op: BulkOperation): Promise<void> {
    await tick();
    if (op.cancelRequested) return this.finish(op, "CANCELED");
    op.status = "RUNNING";
    const failWith = this.failNextFor.get(op.shop);
    this.failNextFor.delete(op.shop);
    const out = createWriteStream(op.file);
    const ctx = this.options.context(op.shop);
    ctx.bulk = { after: null, size: this.options.pageSize ?? 500, hasNext: true };
    let bytes = 0;
    let outcome: BulkStatus = "COMPLETED";
    try {
      while (ctx.bulk.hasNext) {
        await this.gates.get(op.shop)?.pass();
        if (op.cancelRequested) {
          outcome = "CANCELED";
          break;
        }
        if (op.failRequested) {
          op.errorCode = op.failRequested;
          outcome = "FAILED";
          break;
        }
        const result = await execute({
          schema: adminSchema(),
          document: op.document,
          contextValue: ctx,
          fieldResolver,
          typeResolver,
        });
        if (result.errors?.length || !result.data) throw new Error(result.errors?.[0]?.message ?? "no data");
        const lines: string[] = [];
        for (const value of Object.values(result.data)) {
          for (const node of connectionItems(value)) {
            op.rootObjectCount++;
            flatten(node as Record<string, unknown>, undefined, lines);
          }
        }
        op.objectCount += lines.length;
        const text = lines.length ? `${lines.join("\n")}\n` : "";
        bytes += Buffer.byteLength(text);
        if (!out.write(text)) await once(out, "drain");
        if (failWith) {
          op.errorCode = failWith;
          outcome = "FAILED";
          break;
        }
        await (this.options.pageDelayMs ? sleep(this.options.pageDelayMs) : tick());
      }
    } catch {
      op.errorCode = "INTERNAL_SERVER_ERROR";
      outcome = "FAILED";
    }
    out.end();
    await once(out, "close");
    const fileUrl = `${this.options.baseUrl()}/bulk/${op.numericId}.jsonl`;
    if (outcome === "COMPLETED") {
      op.fileSize = bytes;
      op.url = op.objectCount > 0 ? fileUrl : null;
    } else if (outcome === "FAILED" && op.objectCount > 0) {
      op.partialDataUrl = fileUrl;
    } else {
      rmSync(op.file, { force: true });
    }
    this.finish(op, outcome);
  }

  private finish(op: BulkOperation, status: BulkStatus): void {
    op.status = status;
    op.completedAt = iso();
    this.options.onFinish(op);
  }
}
