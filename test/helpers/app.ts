/**
 * Loads the app's server modules against a fresh migrated SQLite file, with
 * the Shopify configuration tests sign requests with. The app reads the
 * environment on first use, not at import: tests import its modules
 * statically and call this (in beforeAll) before using any of them.
 */

import { db } from "../../app/db.server";
import { TEST_API_KEY, TEST_API_SECRET } from "../../tools/support/test-shop";
import { createTestDatabase } from "./database";

// Tests take the shop from here, next to loadTestApp; benches import tools/support directly.
export { TEST_API_KEY, TEST_API_SECRET, TEST_SHOP } from "../../tools/support/test-shop";

export async function loadTestApp(extraEnv: Record<string, string> = {}) {
  const database = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    SHOPIFY_API_KEY: TEST_API_KEY,
    SHOPIFY_API_SECRET: TEST_API_SECRET,
    SHOPIFY_APP_URL: "https://app.example.test",
    SCOPES: "read_customers,write_customers,write_app_proxy",
    ...extraEnv,
  });
  return {
    db,
    url: database.url,
    cleanup: async () => {
      await db.$disconnect();
      await database.cleanup();
    },
  };
}
