/**
 * The Export page in the demo store, in headless Chromium: the one-click
 * Group A download equals Group A in the demo database, the evidence pack
 * opens and its ledger result verifies, axe finds nothing serious, and no
 * admin page shifts its layout (CLS < 0.1).
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PAGES } from "../../app/admin/navigation";
import { recordCapturedConsent } from "../../app/capture/record-consent.server";
import { verifyShopLedger } from "../../app/ledger/consent-events.server";
import {
  type AdminDemo,
  DEMO_SHOP,
  openAdminPage,
  SCREENSHOT_DIR,
  startAdminDemo,
} from "../../tools/support/admin-demo";
import { launchChromium } from "../../tools/support/storefront-browser";
import { readWebVitals } from "../../tools/support/web-vitals";
import { blockingAxeViolations } from "../helpers/axe";
import { readCsvText } from "../helpers/cli";

let demo: AdminDemo;
let browser: Browser;

/** Storefront opt-ins recorded through the app's capture path, so the demo store has a Group A. */
async function seedStorefrontOptIns(): Promise<void> {
  const text = await demo.db.consentTextVersion.findFirstOrThrow({
    where: { shop: DEMO_SHOP, inUseAt: { contains: "storefront" } },
  });
  for (const phone of ["+34 611 000 101", "+34 611 000 102", "+34 611 000 103"]) {
    const outcome = await recordCapturedConsent(demo.db, {
      shop: DEMO_SHOP,
      clientEventId: randomUUID(),
      action: "opt_in",
      phone,
      consentText: text.text,
      sourceKind: "storefront_block",
      sourceDetail: "https://demo-coffee.example/pages/whatsapp#block-1",
      captureMethod: "checkbox",
    });
    expect(outcome.status).toBe("recorded");
  }
}

async function groupAPhones(): Promise<string[]> {
  const contacts = await demo.db.contact.findMany({
    where: { shop: DEMO_SHOP, segment: "whatsapp_substantiated", reasons: "", redactedAt: null },
    select: { phoneE164: true },
  });
  return contacts.map((contact) => contact.phoneE164 ?? "").sort();
}

async function downloadFrom(page: Page, buttonName: string): Promise<Buffer> {
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 60_000 }),
    page.getByRole("button", { name: buttonName }).click(),
  ]);
  const path = await download.path();
  return readFileSync(path);
}

beforeAll(async () => {
  [demo, browser] = await Promise.all([startAdminDemo(), launchChromium()]);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await seedStorefrontOptIns();
  // The dev server compiles the page and may re-optimise dependencies (and reload) on its first
  // visit: ride that out here so the tests see the page as a merchant would.
  const { page } = await openAdminPage(browser, `${demo.url}/app/export`);
  await page.waitForSelector("h1", { timeout: 90_000 });
  await page.close();
});
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe("export page in the demo store", () => {
  it("loads with no console error, no serious accessibility violation and a stable layout", async () => {
    const { page, errors } = await openAdminPage(browser, `${demo.url}/app/export`);
    try {
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Export");
      await page.screenshot({ path: `${SCREENSHOT_DIR}/app_export.png`, fullPage: true });
      expect((await readWebVitals(page)).cls).toBeLessThan(0.1);
      expect(await blockingAxeViolations(page)).toEqual([]);
      // Keyboard: the first download is reachable with Tab.
      let reached = false;
      for (let step = 0; step < 30 && !reached; step++) {
        await page.keyboard.press("Tab");
        reached = await page.evaluate(() => document.activeElement?.textContent === "Download Group A CSV");
      }
      expect(reached).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("downloads a Group A CSV whose rows are exactly Group A in the database, and logs it", async () => {
    const { page } = await openAdminPage(browser, `${demo.url}/app/export`);
    try {
      const csv = await downloadFrom(page, "Download Group A CSV");
      const phones = readCsvText(csv.toString("utf8")).map((row) => row.phone_e164);
      expect(phones.sort()).toEqual(await groupAPhones());
      expect(phones).toEqual(["+34611000101", "+34611000102", "+34611000103"]);
      const log = await demo.db.exportLog.findFirstOrThrow({
        where: { shop: DEMO_SHOP, kind: "group_a" },
        orderBy: { createdAt: "desc" },
      });
      expect(log).toMatchObject({ rows: 3, requestedBy: "demo" });
    } finally {
      await page.close();
    }
  });

  it("downloads an evidence pack that opens and whose ledger result verifies", async () => {
    const { page } = await openAdminPage(browser, `${demo.url}/app/export`);
    try {
      const files = unzipSync(new Uint8Array(await downloadFrom(page, "Download evidence pack (ZIP)")));
      const report = JSON.parse(strFromU8(files["ledger-verification.json"] ?? new Uint8Array()));
      const verified = await verifyShopLedger(demo.db, DEMO_SHOP);
      expect(report).toMatchObject({ ok: true, head: verified.head, eventCount: verified.eventCount });
      const rows = readCsvText(strFromU8(files["group-a.csv"] ?? new Uint8Array()));
      expect(rows.map((row) => row.phone_e164).sort()).toEqual(await groupAPhones());
      // The history now lists both downloads.
      await page.reload({ waitUntil: "networkidle" });
      await expect(page.getByRole("cell", { name: "Evidence pack" }).count()).resolves.toBeGreaterThan(0);
      await page.screenshot({ path: `${SCREENSHOT_DIR}/app_export_history.png`, fullPage: true });
    } finally {
      await page.close();
    }
  });

  for (const adminPage of ADMIN_PAGES) {
    it(`${adminPage.label} (${adminPage.path}) does not shift its layout (CLS < 0.1)`, async () => {
      const { page } = await openAdminPage(browser, `${demo.url}${adminPage.path}`);
      try {
        expect((await readWebVitals(page)).cls).toBeLessThan(0.1);
      } finally {
        await page.close();
      }
    });
  }
});
