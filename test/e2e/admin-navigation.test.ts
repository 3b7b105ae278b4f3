/**
 * Every admin page, reached through the demo app's menu in headless Chromium,
 * renders with no console error, and a screenshot of it is kept as an artifact.
 */
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PAGES } from "../../app/admin/navigation";
import {
  type AdminDemo,
  openAdminPage,
  SCREENSHOT_DIR,
  startAdminDemo,
} from "../../tools/support/admin-demo";
import { launchChromium } from "../../tools/support/storefront-browser";

let demo: AdminDemo;
let browser: Browser;

beforeAll(async () => {
  [demo, browser] = await Promise.all([startAdminDemo(), launchChromium()]);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe("admin pages in the demo store", () => {
  for (const adminPage of ADMIN_PAGES) {
    it(`${adminPage.label} (${adminPage.path}) loads with no console error`, async () => {
      const { page, errors } = await openAdminPage(browser, `${demo.url}${adminPage.path}`);
      try {
        expect(await page.locator("h1").count()).toBeGreaterThan(0);
        expect(await page.getByRole("navigation", { name: "App pages" }).count()).toBe(1);
        const name = adminPage.path.replaceAll("/", "_").replace(/^_/, "");
        await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }
});
