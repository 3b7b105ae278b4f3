/**
 * Web Vitals of every admin page (ADMIN_PAGES) of the demo store, measured
 * in headless Chromium: Largest Contentful Paint and Cumulative Layout
 * Shift. Built for Shopify asks for LCP < 2.5 s and CLS < 0.1.
 *
 * `npm run demo` serves the app through the Vite dev server (unbundled
 * modules, compiled on first request), so three loads are measured per page:
 * - "dev cold": the very first visit after the demo started (the dev
 *   server compiles the page; a production build never pays this);
 * - "first": a fresh browser (empty cache) once the server has compiled it;
 * - "warm": a reload in that browser (its cache filled).
 *
 *   npm run bench:vitals                      # starts its own demo (DEMO_CUSTOMERS, default 5000)
 *   VITALS_URL=http://localhost:3000 npm run bench:vitals   # measures a demo already running
 */
import type { Browser } from "playwright-core";
import { ADMIN_PAGES } from "../app/admin/navigation";
import { type AdminDemo, startAdminDemo } from "../tools/support/admin-demo";
import { launchChromium } from "../tools/support/storefront-browser";
import { readWebVitals, type WebVitals } from "../tools/support/web-vitals";

const LCP_BUDGET_MS = 2500;
const CLS_BUDGET = 0.1;

interface Measurement extends WebVitals {
  status: number;
}

async function measure(browser: Browser, url: string, reloads: number): Promise<Measurement[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    const results: Measurement[] = [];
    const response = await page.goto(url, { waitUntil: "networkidle", timeout: 120_000 });
    results.push({ status: response?.status() ?? 0, ...(await readWebVitals(page, 1000)) });
    for (let index = 0; index < reloads; index++) {
      const again = await page.reload({ waitUntil: "networkidle" });
      results.push({ status: again?.status() ?? 0, ...(await readWebVitals(page, 1000)) });
    }
    return results;
  } finally {
    await context.close();
  }
}

const ms = (value: number | null) => (value === null ? "n/a" : `${Math.round(value)} ms`);

let demo: AdminDemo | null = null;
const browser = await launchChromium();
try {
  let base = process.env.VITALS_URL;
  if (!base) {
    console.log("Starting the demo store...");
    demo = await startAdminDemo({ customers: Number(process.env.DEMO_CUSTOMERS ?? 5000) });
    base = demo.url;
  }
  const rows: string[][] = [];
  let withinBudget = true;
  for (const adminPage of ADMIN_PAGES) {
    const url = `${base}${adminPage.path}`;
    const [cold] = await measure(browser, url, 0);
    const [first, warm] = await measure(browser, url, 1);
    if (!cold || !first || !warm) throw new Error(`no measurement for ${url}`);
    const cls = Math.max(cold.cls, first.cls, warm.cls);
    const measured = first.status === 200;
    if (
      measured &&
      ((first.lcp ?? 0) >= LCP_BUDGET_MS || (warm.lcp ?? 0) >= LCP_BUDGET_MS || cls >= CLS_BUDGET)
    ) {
      withinBudget = false;
    }
    rows.push([
      adminPage.path,
      String(first.status),
      ms(cold.lcp),
      ms(first.lcp),
      ms(warm.lcp),
      cls.toFixed(3),
      measured ? "" : "(page not on this branch)",
    ]);
  }
  const header = ["page", "status", "LCP dev cold", "LCP first", "LCP warm", "CLS max", ""];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  for (const row of [header, ...rows]) {
    console.log(row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  "));
  }
  console.log(
    `\nBudgets (Built for Shopify): LCP < ${LCP_BUDGET_MS} ms on first and warm loads, CLS < ${CLS_BUDGET}: ${
      withinBudget ? "met" : "NOT met"
    } on every page that answered 200.`,
  );
} finally {
  await browser.close();
  await demo?.stop();
}
