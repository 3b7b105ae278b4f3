/**
 * `npm run demo`: the app on a fake store, no Shopify account needed.
 * Migrates a demo database, starts the Admin API emulator with a demo store
 * of ~5,000 customers, syncs it, and serves the app in demo mode
 * (development only) at http://localhost:3000/app. The dev server starts the
 * app's background jobs (the write-back sweep) and stops them when it closes
 * (app/jobs/dev-server.ts), as server.js does in production.
 */
import { spawn } from "node:child_process";
import { createDatabase } from "../app/db/client.server";
import { applyMigrations } from "../app/db/migrate.server";
import { setConsentTextInUse } from "../app/ledger/consent-texts.server";
import { adminClient } from "../app/shopify/admin-client.server";
import { currentWording, publishWording } from "../app/shopify/wording-metafield.server";
import { startBulkCustomerSync, waitForBulkSync } from "../app/sync/bulk-sync.server";
import { webhookPath } from "../app/webhooks/subscriptions";
import { generateCustomers } from "../tools/admin-emulator/generator";
import { startAdminEmulator } from "../tools/admin-emulator/server";

const PORT = Number(process.env.PORT ?? 3000);
const EMULATOR_PORT = Number(process.env.EMULATOR_PORT ?? 4400);
const CUSTOMERS = Number(process.env.DEMO_CUSTOMERS ?? 5000);
const DATABASE_URL = process.env.DATABASE_URL ?? "file:./prisma/demo.sqlite";
// Customers per page of the emulated bulk export (small pages: a sync's progress moves in more steps).
const BULK_PAGE_SIZE = process.env.DEMO_BULK_PAGE_SIZE ? Number(process.env.DEMO_BULK_PAGE_SIZE) : undefined;
const SHOP = "demo-coffee.myshopify.com";
const TOKEN = "shpat_demo_offline_token";
const API_KEY = "demo-api-key";
const API_SECRET = "demo-api-secret";
const APP_URL = `http://localhost:${PORT}`;

const STOREFRONT_TEXT =
  "Yes, send me offers, new roasts and news from Demo Coffee on WhatsApp. Up to 4 messages a month. Reply STOP to unsubscribe at any time.";
const CHECKOUT_TEXT =
  "Send me Demo Coffee offers and news on WhatsApp. Reply STOP to unsubscribe at any time.";

if (process.env.NODE_ENV === "production") {
  console.error("npm run demo is for development only: it signs in without Shopify.");
  process.exit(2);
}

await applyMigrations({ url: DATABASE_URL });
const db = createDatabase(DATABASE_URL);
await db.shop.upsert({
  where: { domain: SHOP },
  create: { domain: SHOP, brandName: "Demo Coffee", defaultCountry: "US" },
  update: {},
});
await setConsentTextInUse(db, SHOP, "storefront", STOREFRONT_TEXT);
await setConsentTextInUse(db, SHOP, "checkout", CHECKOUT_TEXT);
await db.session.upsert({
  where: { id: `offline_${SHOP}` },
  create: {
    id: `offline_${SHOP}`,
    shop: SHOP,
    state: "demo",
    isOnline: false,
    accessToken: TOKEN,
    scope: "read_customers,write_customers",
  },
  update: { accessToken: TOKEN },
});

console.log(`Starting the Admin API emulator with ${CUSTOMERS} demo customers...`);
const emulator = await startAdminEmulator({
  port: EMULATOR_PORT,
  appUrl: APP_URL,
  apiSecret: API_SECRET,
  webhookPath,
  customerWebhooks: true,
  bulkPageSize: BULK_PAGE_SIZE,
  shops: [
    {
      domain: SHOP,
      accessToken: TOKEN,
      name: "Demo Coffee",
      country: "US",
      customers: generateCustomers({ count: CUSTOMERS, seed: 1 }),
      throttle: { maximumAvailable: 2000, restoreRate: 100 },
    },
  ],
});

const client = adminClient({ shop: SHOP, accessToken: TOKEN, origin: emulator.url });
// As a save on the consent texts page does: the emulated store holds the wording its extensions read.
const published = await publishWording(client, await currentWording(db, SHOP));
if (!published.ok) console.error(`Could not publish the demo wording: ${published.reason}`);
if ((await db.contact.count({ where: { shop: SHOP } })) === 0) {
  const job = await startBulkCustomerSync(db, client, SHOP);
  const summary = await waitForBulkSync(db, client, SHOP, job.operationId, { intervalMs: 250 });
  console.log(`Synced ${summary?.customers ?? 0} customers from the demo store.`);
}
await db.$disconnect();

const server = spawn("npx", ["remix", "vite:dev", "--port", String(PORT), "--strictPort"], {
  stdio: "inherit",
  env: {
    ...process.env,
    NODE_ENV: "development",
    DATABASE_URL,
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: APP_URL,
    SHOPIFY_ADMIN_API_ORIGIN: emulator.url,
    DEMO_MODE: "1",
    DEMO_SHOP: SHOP,
  },
});
console.log(`\nDemo store ready. Open ${APP_URL}/app (Ctrl+C to stop).\n`);

const stop = async () => {
  server.kill("SIGTERM");
  await emulator.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
server.on("exit", async (code) => {
  await emulator.close();
  process.exit(code ?? 0);
});
