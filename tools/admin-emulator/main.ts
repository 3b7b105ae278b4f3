/**
 * Runs the Admin API emulator standalone:
 *   npx tsx tools/admin-emulator/main.ts --port 4400 --customers 5000 --seed 1 \
 *     --app-url http://localhost:3000 --secret <s> --shop demo.myshopify.com --token <t>
 * The app then posts to `${url}/admin/api/2026-10/graphql.json` with headers
 * `x-emulated-shop: <shop>` and `X-Shopify-Access-Token: <token>`.
 */
import { parseArgs } from "node:util";
import { generateCustomers } from "./generator";
import { EMULATED_API_VERSION, SHOP_HEADER, startAdminEmulator } from "./server";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4400" },
    customers: { type: "string", default: "1000" },
    seed: { type: "string", default: "1" },
    "app-url": { type: "string" },
    secret: { type: "string", default: "emulator-secret" },
    shop: { type: "string", default: "demo.myshopify.com" },
    token: { type: "string", default: "shpat_emulator" },
    "restore-rate": { type: "string", default: "100" },
    "bucket-size": { type: "string", default: "1000" },
    // Customers per page of a bulk operation's JSONL (larger pages: fewer GraphQL executions).
    "bulk-page-size": { type: "string", default: "500" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(
    "Usage: tsx tools/admin-emulator/main.ts [--port 4400] [--customers 1000] [--seed 1] [--app-url URL]\n" +
      "  [--secret S] [--shop demo.myshopify.com] [--token T] [--bucket-size 1000] [--restore-rate 100]\n" +
      "  [--bulk-page-size 500]",
  );
  process.exit(0);
}

const count = Number(values.customers);
const started = performance.now();
const customers = generateCustomers({ count, seed: Number(values.seed) });
const generatedIn = Math.round(performance.now() - started);

const emulator = await startAdminEmulator({
  port: Number(values.port),
  appUrl: values["app-url"],
  apiSecret: values.secret,
  bulkPageSize: Number(values["bulk-page-size"]),
  shops: [
    {
      domain: values.shop,
      accessToken: values.token,
      customers,
      throttle: {
        maximumAvailable: Number(values["bucket-size"]),
        restoreRate: Number(values["restore-rate"]),
      },
    },
  ],
});

console.log(emulator.url);
console.error(
  `Admin API emulator (${EMULATED_API_VERSION}) for ${values.shop}: ${count} customers (seed ${values.seed}, ${generatedIn} ms)\n` +
    `  POST ${emulator.url}/admin/api/${EMULATED_API_VERSION}/graphql.json  ` +
    `headers: ${SHOP_HEADER}: ${values.shop}, X-Shopify-Access-Token: ${values.token}\n` +
    (values["app-url"]
      ? `  webhooks -> ${values["app-url"]}/webhooks`
      : "  no --app-url: webhooks are not sent"),
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    emulator.close().then(() => process.exit(0));
  });
}
