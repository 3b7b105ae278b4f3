/**
 * From install to the first opt-in, in headless Chromium against the demo
 * app: the overview shows the first-run checklist read from the store (the
 * emulated published theme has no opt-in yet, checkout not known, no
 * opt-in); on the capture page "Send a test opt-in" goes through the App
 * Proxy handler, says it was recorded and links to the timeline, where the
 * event is marked as a test; the checklist still waits for a real opt-in.
 * Each page: no console error, no serious or critical axe violation.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AdminDemo, DEMO_SHOP, openAdminPage, startAdminDemo } from "../../tools/support/admin-demo";
import { launchChromium } from "../../tools/support/storefront-browser";
import { blockingAxeViolations } from "../helpers/axe";

let demo: AdminDemo;
let browser: Browser;

beforeAll(async () => {
  [demo, browser] = await Promise.all([startAdminDemo({ customers: 40 }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe("first run in the demo store", () => {
  it("the overview lists the steps, answered from the store's data", async () => {
    const { page, errors } = await openAdminPage(browser, `${demo.url}/app`);
    try {
      const checklist = page.getByRole("heading", { name: "From install to your first opt-in" });
      await checklist.waitFor();
      await page.getByText("Your published theme does not have the opt-in yet").waitFor();
      await page.getByText("Shopify does not tell apps whether a checkout block is placed").waitFor();
      await page.getByText("No shopper has opted in yet").waitFor();
      const themeLink = page.getByRole("link", { name: /Turn on in theme editor/ });
      expect(await themeLink.getAttribute("href")).toContain(
        `https://${DEMO_SHOP}/admin/themes/current/editor`,
      );
      expect(await blockingAxeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("sends a test opt-in from the capture page and shows it in the timeline as a test", async () => {
    const { page, errors } = await openAdminPage(browser, `${demo.url}/app/capture`);
    try {
      await page.getByText("None: every opt-in that reached the app").waitFor();
      await page.getByRole("button", { name: "Send a test opt-in" }).click();
      await page.getByText("Test opt-in recorded").waitFor();
      const events = await demo.db.consentEvent.findMany({
        where: { shop: DEMO_SHOP, sourceKind: "test_opt_in" },
      });
      expect(events).toHaveLength(1);
      expect(await blockingAxeViolations(page)).toEqual([]);
      await page.getByRole("link", { name: "See it in the timeline" }).first().click();
      await page.getByText("Test, never exported").waitFor();
      expect(page.url()).toContain(`/app/contacts/${events[0]?.contactId}`);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
    const { page: overview } = await openAdminPage(browser, `${demo.url}/app`);
    try {
      await overview.getByText("No shopper has opted in yet").waitFor();
    } finally {
      await overview.close();
    }
  });
});
