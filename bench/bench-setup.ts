/**
 * Set-up for the sync benchmark, not itself measured against the targets:
 * a fresh database (SQLite file or a throwaway PostgreSQL database), the
 * Admin API emulator in its own process, and storefront opt-ins for a share
 * of the synced contacts (Shopify's own WhatsApp states are never proof, so
 * without them Group A would be empty and the export stage would measure nothing).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { createDatabase, type Database } from "../app/db/client.server";
import { applyMigrations } from "../app/db/migrate.server";
import { createScratchDatabase, dropDatabase } from "../app/db/postgres-admin.server";
import {
  appendEventsInTransaction,
  type NewConsentEvent,
  withLedgerTransaction,
} from "../app/ledger/consent-events.server";
import { setConsentTextInUse } from "../app/ledger/consent-texts.server";

export const BENCH_TEXT = "Send me offers from Acme Coffee on WhatsApp. Reply STOP to stop.";

export interface BenchDatabase {
  db: Database;
  url: string;
  kind: "sqlite" | "postgresql";
  drop: () => Promise<void>;
}

/**
 * BENCH_DATABASE=postgresql: a throwaway database on the local server
 * (POSTGRES_ADMIN_URL, default postgresql://postgres@127.0.0.1:5432/postgres);
 * otherwise a fresh SQLite file in bench/tmp.
 */
export async function freshDatabase(dir: string, count: number): Promise<BenchDatabase> {
  if ((process.env.BENCH_DATABASE ?? "sqlite") === "postgresql") {
    const url = await createScratchDatabase("wa_bench_sync");
    await applyMigrations({ url });
    const db = createDatabase(url);
    return {
      db,
      url,
      kind: "postgresql",
      drop: async () => {
        await db.$disconnect();
        if (!process.env.BENCH_KEEP) await dropDatabase(url);
      },
    };
  }
  const file = path.join(dir, `sync-${count}.sqlite`);
  rmSync(file, { force: true });
  await applyMigrations({ url: `file:${file}` });
  const db = createDatabase(`file:${file}`);
  return {
    db,
    url: `file:${file}`,
    kind: "sqlite",
    drop: async () => {
      await db.$disconnect();
      if (!process.env.BENCH_KEEP) rmSync(file, { force: true });
    },
  };
}

export interface EmulatorProcess {
  url: string;
  child: ChildProcess;
  stop: () => Promise<void>;
}

/** tools/admin-emulator/main.ts in a child process: its memory is not the app's. */
export async function startEmulatorProcess(options: {
  shop: string;
  token: string;
  count: number;
}): Promise<EmulatorProcess> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "tools/admin-emulator/main.ts",
      "--port",
      "0",
      "--customers",
      String(options.count),
      "--seed",
      "3",
      "--shop",
      options.shop,
      "--token",
      options.token,
      "--bucket-size",
      "2000",
      "--bulk-page-size",
      "5000",
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the emulator exited (${code}) before it was ready`)));
    lines.once("line", resolve);
  });
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** A single opt-in ticked in a storefront block with the shop's wording, as the benches seed them. */
export function storefrontOptIn(input: {
  id?: string;
  contactId: string;
  occurredAt: Date;
  sourceDetail: string;
  text: { id: string; sha256: string };
  details: Record<string, string | null>;
}): Omit<NewConsentEvent, "shop"> {
  const { text, ...event } = input;
  return {
    ...event,
    channel: "whatsapp",
    action: "opt_in",
    sourceKind: "storefront_block",
    captureMethod: "checkbox",
    optInLevel: "single",
    consentText: { id: text.id, sha256: text.sha256 },
  };
}

/**
 * Every `every`-th contact with a valid phone opts in on the storefront with
 * the shop's wording, recorded through the ledger a batch per transaction.
 */
export async function seedStorefrontOptIns(db: Database, shop: string, every = 4): Promise<number> {
  const set = await setConsentTextInUse(db, shop, "storefront", BENCH_TEXT);
  if (!set.ok) throw new Error("the bench consent text was refused");
  const text = await db.consentTextVersion.findUniqueOrThrow({ where: { id: set.versionId } });
  let after = "";
  let index = 0;
  let seeded = 0;
  const occurredAt = new Date("2026-09-15T12:00:00Z");
  for (;;) {
    const page = await db.contact.findMany({
      // By Shopify id (same digits-only length in this store): the same customers on every run and database.
      where: { shop, phoneE164: { not: null }, shopifyCustomerId: { gt: after } },
      select: { id: true, phoneE164: true, shopifyCustomerId: true },
      orderBy: { shopifyCustomerId: "asc" },
      take: 2000,
    });
    if (page.length === 0) return seeded;
    const chosen = page.filter(() => index++ % every === 0);
    await withLedgerTransaction(db, async (tx) => {
      return appendEventsInTransaction(
        tx,
        shop,
        chosen.map((contact) =>
          storefrontOptIn({
            contactId: contact.id,
            occurredAt,
            sourceDetail: "bench",
            text,
            details: { phoneE164: contact.phoneE164 },
          }),
        ),
      );
    });
    seeded += chosen.length;
    after = page[page.length - 1]?.shopifyCustomerId ?? after;
  }
}
