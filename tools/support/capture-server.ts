/**
 * The production build served by `server.js` (as `npm start` serves it) in a child process, on a
 * database prepared for storefront capture (one shop, its consent wording):
 * for the crash-safety test and the capture load test (bench/capture-load.ts),
 * which kill it with SIGKILL and start it again on the same database.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { createDatabase } from "../../app/db/client.server";
import { applyMigrations } from "../../app/db/migrate.server";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import { TEST_API_KEY, TEST_API_SECRET, TEST_SHOP } from "./test-shop";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const BUILD = path.join(ROOT, "build/server/index.js");
export const CAPTURE_TEXT =
  "Send me offers and news from Acme Coffee on WhatsApp. Reply STOP to unsubscribe at any time.";

/** Migrates the database and configures the shop the signed requests come from. */
export async function prepareCaptureDatabase(url: string): Promise<void> {
  await applyMigrations({ url });
  const db = createDatabase(url);
  try {
    await db.shop.create({ data: { domain: TEST_SHOP, brandName: "Acme Coffee", defaultCountry: "ES" } });
    const result = await setConsentTextInUse(db, TEST_SHOP, "storefront", CAPTURE_TEXT);
    if (!result.ok) throw new Error("the capture consent text was refused");
  } finally {
    await db.$disconnect();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export interface CaptureServer {
  url: string;
  child: ChildProcess;
  /** SIGKILL: no shutdown handler runs, in-flight requests are cut off. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the built app on `port` and resolves once it answers HTTP. */
export async function startCaptureServer(options: {
  databaseUrl: string;
  port: number;
  env?: Record<string, string>;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
}): Promise<CaptureServer> {
  if (!existsSync(BUILD)) throw new Error(`no production build at ${BUILD}: run npx remix vite:build`);
  const url = `http://127.0.0.1:${options.port}`;
  const cli = path.join(ROOT, "server.js");
  // The heap cap of `npm start`.
  const child = spawn(
    process.execPath,
    ["--max-old-space-size=256", ...(options.nodeArgs ?? []), cli, BUILD],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(options.port),
        HOST: "127.0.0.1",
        DATABASE_URL: options.databaseUrl,
        SHOPIFY_API_KEY: TEST_API_KEY,
        SHOPIFY_API_SECRET: TEST_API_SECRET,
        SHOPIFY_APP_URL: url,
        DEMO_MODE: "0",
        RATE_LIMIT_PER_CLIENT: "100000000",
        RATE_LIMIT_PER_SHOP: "100000000",
        ...options.env,
      },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const server: CaptureServer = {
    url,
    child,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
    /** SIGTERM: the server stops accepting and finishes open requests; SIGKILL after 5 s (30 s when profiled). */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      // A profiled server writes its profile only if it exits on its own: on PostgreSQL
      // that waits for the pool's idle connections to time out (10 s).
      const grace = options.nodeArgs?.some((flag) => flag.startsWith("--cpu-prof")) ? 30_000 : 5_000;
      const timer = setTimeout(() => child.kill("SIGKILL"), grace);
      await exited;
      clearTimeout(timer);
    },
  };
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`the built server exited with ${child.exitCode}`);
    try {
      // Unsigned: answered 401 at once, without touching the database.
      await fetch(`${url}/proxy/optin`, { method: "POST" });
      return server;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await server.kill();
  throw new Error("the built server did not start within 30 s");
}

export { signedProxyQuery } from "./app-proxy";

/** A distinct, valid Spanish mobile number per index (up to 90 million). */
export const capturePhone = (index: number) => `+34 6${String(10_000_000 + index).padStart(8, "0")}`;

/** The storefront block's JSON body for one opt-in. */
export function captureBody(index: number, eventId: string = randomUUID()) {
  return {
    eventId,
    phone: capturePhone(index),
    consent: true,
    consentText: CAPTURE_TEXT,
    source: "storefront_block",
    blockId: "block-1",
    pageUrl: "https://acme-coffee.example/pages/whatsapp",
    locale: "es",
  };
}
