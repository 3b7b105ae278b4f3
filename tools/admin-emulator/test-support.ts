/** Helpers for tests that talk to the emulator over HTTP (also usable by the app's own tests). */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { AdminEmulator } from "./server";
import { EMULATED_API_VERSION, SHOP_HEADER } from "./server";

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: response shapes vary per test
  body: { data?: T; errors?: any; extensions?: any };
}

export async function adminGraphql<T = Record<string, unknown>>(
  emulator: Pick<AdminEmulator, "url">,
  shop: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
  version = EMULATED_API_VERSION,
): Promise<GraphQLResult<T>> {
  const response = await fetch(`${emulator.url}/admin/api/${version}/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", [SHOP_HEADER]: shop, "X-Shopify-Access-Token": token },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) };
}

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  close(): Promise<void>;
}

/**
 * A tiny app stand-in that records every POST. `respond` may answer itself
 * (e.g. run Shopify's own validation); otherwise it answers 200.
 */
export async function startWebhookReceiver(
  respond?: (req: IncomingMessage, res: ServerResponse, rawBody: string) => Promise<void> | void,
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    received.push({ path: req.url ?? "/", headers: req.headers, rawBody });
    try {
      if (respond) await respond(req, res, rawBody);
    } finally {
      if (!res.writableEnded) res.writeHead(res.headersSent ? res.statusCode : 200).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Polls until `check` returns a value (or fails after `timeoutMs`). */
export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("waitFor timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}
