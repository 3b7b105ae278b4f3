/**
 * The embedded admin as `npm run demo` starts it (emulated store, bulk sync,
 * Vite dev server in demo mode), on free ports and a throwaway database, for
 * the admin e2e tests. One demo per test file; `stop` ends the whole process
 * group so no server outlives the test.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { createDatabase } from "../../app/db/client.server";
import { freePort } from "./capture-server";

export const DEMO_SHOP = "demo-coffee.myshopify.com";

/** Where e2e tests keep their screenshots (a CI artifact, ignored by git). */
export const SCREENSHOT_DIR = "test-results/screenshots";

export interface AdminDemo {
  url: string;
  /** The demo's Admin API emulator (its /emulator/bulk-operations control holds or fails a sync). */
  emulatorUrl: string;
  databaseUrl: string;
  db: ReturnType<typeof createDatabase>;
  stop(): Promise<void>;
}

export async function startAdminDemo(
  options: { customers?: number; bulkPageSize?: number } = {},
): Promise<AdminDemo> {
  const dir = mkdtempSync(join(tmpdir(), "admin-demo-"));
  const databaseUrl = `file:${join(dir, "demo.sqlite")}`;
  const port = await freePort();
  const emulatorPort = await freePort();
  const child: ChildProcess = spawn("npx", ["tsx", "scripts/demo.ts"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "development",
      PORT: String(port),
      EMULATOR_PORT: String(emulatorPort),
      ...(options.bulkPageSize ? { DEMO_BULK_PAGE_SIZE: String(options.bulkPageSize) } : {}),
      DATABASE_URL: databaseUrl,
      DEMO_CUSTOMERS: String(options.customers ?? 400),
      // Demos started side by side must not rewrite one another's pre-bundled dependencies.
      VITE_CACHE_DIR: join(dir, "vite-cache"),
    },
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const url = `http://localhost:${port}`;
  const stop = async () => {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    await db.$disconnect().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  const db = createDatabase(databaseUrl);
  try {
    await waitForApp(`${url}/app`, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, emulatorUrl: `http://127.0.0.1:${emulatorPort}`, databaseUrl, db, stop };
}

async function waitForApp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm run demo exited early:\n${output()}`);
    if (output().includes("Demo store ready")) {
      try {
        // The first request makes Vite compile the admin; wait for it here, not in a test.
        const response = await fetch(url);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The demo app did not answer at ${url} within 180 s:\n${output()}`);
}

/**
 * Opens a page and records console errors and failed requests, for "no console error" checks.
 * `viewport` is the width the page is opened at, so layouts chosen by width are right from the start.
 */
export async function openAdminPage(
  browser: Browser,
  url: string,
  viewport = { width: 1280, height: 900 },
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(url, { waitUntil: "networkidle" });
  // Every admin page has a Polaris Page title; waiting for it rides out a dev-server reload.
  await page.waitForSelector("h1", { timeout: 15_000 }).catch(() => undefined);
  return { page, errors };
}
