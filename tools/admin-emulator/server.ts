/**
 * The local Admin API emulator: a plain node:http server on 127.0.0.1.
 *   POST /admin/api/:version/graphql.json   (shop from `x-emulated-shop`, else Host)
 *   GET  /bulk/:id.jsonl                    (bulk operation results)
 *   POST /admin/oauth/access_token          (token exchange; refresh of an expiring offline token)
 *   POST /emulator/bulk-operations          (tests' control: hold, release or fail a shop's bulk pages)
 * Webhooks go to `${appUrl}${path ?? "/webhooks"}`, signed with apiSecret.
 */
import { createReadStream, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { type BulkErrorCode, BulkOperations } from "./bulk";
import { LeakyBucket } from "./cost";
import { type GraphQLBody, runGraphQL } from "./graphql-http";
import { accessTokenGrant } from "./oauth";
import type { RequestContext } from "./resolvers";
import { AdminStore, type ShopConfig } from "./store";
import {
  CONSENT_TOPIC,
  consentPayload,
  customerPayload,
  type Delivery,
  deletedCustomerPayload,
  deliverWebhook,
  orderPayload,
  type WebhookOptions,
} from "./webhooks";

export const EMULATED_API_VERSION = "2026-10";
export const SHOP_HEADER = "x-emulated-shop";
const INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)";

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Where webhooks go; without it no webhook is sent. */
  appUrl?: string;
  apiSecret: string;
  shops: ShopConfig[];
  /** API versions answered (default ["2026-10"]); others get 404. */
  apiVersions?: string[];
  /**
   * Send customers/create|update|delete, and each consent channel's topic, on
   * store changes; orders/create on orders (default true).
   */
  customerWebhooks?: boolean;
  /** The app's client id, checked by the token refresh endpoint (default: not checked). */
  apiKey?: string;
  /** Customers per page while a bulk query runs (default 500). */
  bulkPageSize?: number;
  /** Pause between those pages (default 0), to make bulk operations last. */
  bulkPageDelayMs?: number;
  /** Clock for the throttle (tests). */
  clock?: () => number;
  /** Where each topic is delivered, like the app's webhook subscriptions (default "/webhooks"). */
  webhookPath?: (topic: string) => string;
}

export interface AdminEmulator {
  url: string;
  store: AdminStore;
  /** Every webhook delivery attempted, in order. */
  deliveries: Delivery[];
  sendWebhook(shop: string, topic: string, payload: unknown, options?: WebhookOptions): Promise<number>;
  /** The shop's next bulk operation fails after its first page, with partial data. */
  failNextBulkOperation(shop: string, code?: BulkErrorCode): void;
  /** The shop's bulk operations wait before each page until releaseBulkPages lets pages through. */
  holdBulkPages(shop: string): void;
  /** Lets `pages` held pages through (Infinity: all, and stop holding). */
  releaseBulkPages(shop: string, pages: number): void;
  /** Fails the shop's running bulk operation before its next page; false when none runs. */
  failBulkOperation(shop: string, code?: BulkErrorCode): boolean;
  throttleStatus(shop: string): ReturnType<LeakyBucket["status"]>;
  /** Resolves once running bulk operations and webhook deliveries are done. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    "X-Request-Id": crypto.randomUUID(),
  });
  res.end(text);
}

/** What a test (or the demo, run in another process) may ask of a shop's bulk operations. */
const BulkControl = z.discriminatedUnion("action", [
  z.object({ action: z.literal("hold"), shop: z.string() }),
  z.object({
    action: z.literal("release"),
    shop: z.string(),
    pages: z.union([z.number().int().positive(), z.literal("all")]),
  }),
  z.object({
    action: z.literal("fail"),
    shop: z.string(),
    code: z.enum(["ACCESS_DENIED", "INTERNAL_SERVER_ERROR", "TIMEOUT"]).default("INTERNAL_SERVER_ERROR"),
  }),
]);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startAdminEmulator(options: EmulatorOptions): Promise<AdminEmulator> {
  const store = new AdminStore();
  for (const shop of options.shops) store.addShop(shop);
  const versions = options.apiVersions ?? [EMULATED_API_VERSION];
  const dir = mkdtempSync(path.join(tmpdir(), "admin-emulator-"));
  const deliveries: Delivery[] = [];
  const pending = new Set<Promise<unknown>>();
  const buckets = new Map<string, LeakyBucket>();
  let url = "";

  const bucketFor = (domain: string) => {
    let bucket = buckets.get(domain);
    if (!bucket) {
      const { maximumAvailable, restoreRate } = store.requireShop(domain).throttle;
      bucket = new LeakyBucket(maximumAvailable, restoreRate, options.clock);
      buckets.set(domain, bucket);
    }
    return bucket;
  };

  const track = <T>(promise: Promise<T>): Promise<T> => {
    pending.add(promise);
    return promise.finally(() => pending.delete(promise));
  };

  async function sendWebhook(shop: string, topic: string, payload: unknown, opts: WebhookOptions = {}) {
    if (!options.appUrl) throw new Error("The emulator has no appUrl to send webhooks to");
    const delivery = await deliverWebhook(options.appUrl, options.apiSecret, shop, topic, payload, {
      ...opts,
      path: opts.path ?? options.webhookPath?.(topic),
      apiVersion: opts.apiVersion ?? EMULATED_API_VERSION,
    });
    deliveries.push(delivery);
    if (delivery.status === null)
      throw new Error(`Webhook ${topic} to ${options.appUrl} failed: ${delivery.error}`);
    return delivery.status;
  }

  const background = (shop: string, topic: string, payload: unknown) => {
    if (options.appUrl) track(sendWebhook(shop, topic, payload).catch(() => undefined));
  };

  const bulkOps: BulkOperations = new BulkOperations({
    dir,
    baseUrl: () => url,
    context: (shop) => makeContext(shop),
    pageSize: options.bulkPageSize,
    pageDelayMs: options.bulkPageDelayMs,
    onFinish: (op) =>
      background(op.shop, "bulk_operations/finish", {
        admin_graphql_api_id: op.id,
        completed_at: op.completedAt,
        created_at: op.createdAt,
        error_code: op.errorCode?.toLowerCase() ?? null,
        status: op.status.toLowerCase(),
        type: op.type.toLowerCase(),
      }),
  });

  function makeContext(domain: string): RequestContext {
    return { shop: store.requireShop(domain), store, bulkOps, searchWarnings: [] };
  }

  const unsubscribe = store.onChange((change) => {
    if (!change.webhook || options.customerWebhooks === false) return;
    const shop = store.requireShop(change.shop);
    const payload =
      change.kind === "delete"
        ? deletedCustomerPayload(change.customer)
        : customerPayload(change.customer, shop.currencyCode);
    background(change.shop, `customers/${change.kind}`, payload);
    if (change.kind === "delete") return;
    for (const channel of change.consent)
      background(change.shop, CONSENT_TOPIC[channel], consentPayload(change.customer, channel));
  });
  const unsubscribeOrders = store.onOrder((domain, order) => {
    if (options.customerWebhooks === false) return;
    const shop = store.requireShop(domain);
    const customer = order.customerId === null ? undefined : store.getCustomer(domain, order.customerId);
    background(domain, "orders/create", orderPayload(order, customer, shop.currencyCode));
  });

  /** Token exchange (install, first load) and refresh of expiring offline tokens: see ./oauth. */
  async function accessToken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const header = req.headers[SHOP_HEADER];
    const shop = store.shop(typeof header === "string" ? header : "");
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    } catch {}
    const answer = accessTokenGrant(shop, body, { apiSecret: options.apiSecret, apiKey: options.apiKey });
    sendJson(res, answer.status, answer.body);
  }

  async function bulkControl(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return sendJson(res, 400, { errors: "Invalid JSON in request body" });
    }
    const parsed = BulkControl.safeParse(body);
    if (!parsed.success) return sendJson(res, 400, { errors: parsed.error.issues[0]?.message ?? "invalid" });
    const control = parsed.data;
    const shop = control.shop.toLowerCase();
    if (!store.shop(shop)) return sendJson(res, 404, { errors: "Not Found" });
    if (control.action === "hold") bulkOps.holdPages(shop);
    if (control.action === "release")
      bulkOps.releasePages(shop, control.pages === "all" ? Number.POSITIVE_INFINITY : control.pages);
    if (control.action === "fail" && !bulkOps.fail(shop, control.code))
      return sendJson(res, 409, { errors: "No bulk operation of this shop is running" });
    return sendJson(res, 200, { ok: true });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? "/", "http://emulator");
    const bulkFile = /^\/bulk\/(\d+)\.jsonl$/.exec(pathname);
    if (bulkFile && req.method === "GET") {
      const op = bulkOps.byNumericId(Number(bulkFile[1]));
      if (!op || !(op.url || op.partialDataUrl) || !existsSync(op.file))
        return sendJson(res, 404, { errors: "Not Found" });
      res.writeHead(200, { "Content-Type": "application/jsonl" });
      createReadStream(op.file).pipe(res);
      return;
    }
    if (pathname === "/admin/oauth/access_token" && req.method === "POST") return accessToken(req, res);
    if (pathname === "/emulator/bulk-operations" && req.method === "POST") return bulkControl(req, res);
    const route = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(pathname);
    if (!route || !versions.includes(route[1] as string)) return sendJson(res, 404, { errors: "Not Found" });
    if (req.method !== "POST") return sendJson(res, 405, { errors: "Method Not Allowed" });
    const header = req.headers[SHOP_HEADER];
    const domain = (
      typeof header === "string" ? header : (req.headers.host ?? "").replace(/:\d+$/, "")
    ).toLowerCase();
    const shop = store.shop(domain);
    if (!shop) return sendJson(res, 404, { errors: "Not Found" });
    if (
      req.headers["x-shopify-access-token"] !== shop.accessToken ||
      (shop.accessTokenExpiresAt && shop.accessTokenExpiresAt.getTime() <= Date.now())
    )
      return sendJson(res, 401, { errors: INVALID_TOKEN });
    const raw = await readBody(req);
    let body: GraphQLBody;
    if ((req.headers["content-type"] ?? "").includes("application/graphql")) body = { query: raw };
    else {
      try {
        body = JSON.parse(raw) as GraphQLBody;
      } catch {
        return sendJson(res, 400, { errors: "Invalid JSON in request body" });
      }
    }
    sendJson(res, 200, await runGraphQL(makeContext(shop.domain), bucketFor(shop.domain), body));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { errors: `Internal error: ${(e as Error).message}` });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const idle = async () => {
    await bulkOps.idle();
    while (pending.size) await Promise.allSettled([...pending]);
  };

  return {
    url,
    store,
    deliveries,
    sendWebhook,
    failNextBulkOperation: (shop, code) => bulkOps.failNext(shop.toLowerCase(), code),
    holdBulkPages: (shop) => bulkOps.holdPages(shop.toLowerCase()),
    releaseBulkPages: (shop, pages) => bulkOps.releasePages(shop.toLowerCase(), pages),
    failBulkOperation: (shop, code) => bulkOps.fail(shop.toLowerCase(), code),
    throttleStatus: (shop) => bucketFor(shop.toLowerCase()).status(),
    idle,
    async close() {
      bulkOps.releaseAll();
      await idle();
      unsubscribe();
      unsubscribeOrders();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
