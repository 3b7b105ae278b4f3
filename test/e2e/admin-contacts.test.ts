/**
 * The overview, contacts and contact detail pages of the demo app in headless
 * Chromium: the overview's segment numbers equal the database's, search and
 * filters change the rows, a row opens the contact with its timeline, and
 * axe-core finds no serious or critical violation on any of the three.
 */
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTACTS_TEXT, DETAIL_TEXT } from "../../app/admin/strings/contacts";
import { SEGMENT_TEXT } from "../../app/consent/reasons";
import { SEGMENTS } from "../../app/consent/types";
import {
  type AdminDemo,
  DEMO_SHOP,
  openAdminPage,
  SCREENSHOT_DIR,
  startAdminDemo,
} from "../../tools/support/admin-demo";
import { launchChromium } from "../../tools/support/storefront-browser";
import { blockingAxeViolations } from "../helpers/axe";

let demo: AdminDemo;
let browser: Browser;

beforeAll(async () => {
  [demo, browser] = await Promise.all([startAdminDemo(), launchChromium()]);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

/** The names in the contacts table, in order. */
async function rowNames(page: Page): Promise<string[]> {
  return page.locator("table tbody tr td:first-child").allInnerTexts();
}

async function waitForList(page: Page, param: string) {
  await page.waitForURL((url) => url.searchParams.has(param), { timeout: 15_000 });
  await page.waitForLoadState("networkidle");
}

describe("admin overview and contacts in the demo store", () => {
  it("the overview shows the database's segment counts, with no console error or serious axe violation", async () => {
    const { page, errors } = await openAdminPage(browser, `${demo.url}/app`);
    try {
      const groups = await demo.db.contact.groupBy({
        by: ["segment"],
        where: { shop: DEMO_SHOP },
        _count: { _all: true },
      });
      const fromDb = Object.fromEntries(groups.map((group) => [group.segment, group._count._all]));
      const cells = await page
        .locator("table tr")
        .evaluateAll((rows) =>
          rows.map((row) =>
            [...row.querySelectorAll("th, td")].map((cell) => (cell.textContent ?? "").trim()),
          ),
        );
      for (const segment of SEGMENTS) {
        // The first cell holds the segment's name with its meaning under it.
        const row = cells.find((one) => one[0]?.startsWith(SEGMENT_TEXT[segment].label));
        expect(row, segment).toBeDefined();
        expect(Number(row?.[1]?.replaceAll(",", "")), segment).toBe(fromDb[segment] ?? 0);
      }
      expect(await page.getByRole("img", { name: /Contacts per segment/ }).count()).toBe(1);
      expect(await page.getByRole("heading", { name: "Readiness self-check" }).count()).toBe(1);
      await page.screenshot({ path: `${SCREENSHOT_DIR}/overview.png`, fullPage: true });
      expect(await blockingAxeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("search and the segment filter change the rows; a row opens the contact's timeline", async () => {
    const { page, errors } = await openAdminPage(browser, `${demo.url}/app/contacts`);
    try {
      const firstPage = await rowNames(page);
      expect(firstPage.length).toBe(
        Math.min(50, await demo.db.contact.count({ where: { shop: DEMO_SHOP } })),
      );
      expect(await blockingAxeViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOT_DIR}/contacts.png`, fullPage: true });

      // Search: a contact with events, found by the start of its email.
      const withEvents = await demo.db.contact.findFirstOrThrow({
        where: { shop: DEMO_SHOP, email: { not: null }, events: { some: {} } },
        include: { _count: { select: { events: true } } },
      });
      const prefix = (withEvents.email as string).slice(0, (withEvents.email as string).indexOf("@") + 1);
      await page.getByPlaceholder(CONTACTS_TEXT.searchPlaceholder).fill(prefix);
      await waitForList(page, "q");
      await page.waitForFunction((count) => document.querySelectorAll("table tbody tr").length === count, 1);
      const expectedName =
        [withEvents.firstName, withEvents.lastName].filter(Boolean).join(" ") || CONTACTS_TEXT.noName;
      expect(await rowNames(page)).toEqual([expectedName]);

      // Clearing the search and choosing a segment shows only that segment.
      await page.goto(`${demo.url}/app/contacts`, { waitUntil: "networkidle" });
      await page.getByRole("button", { name: /^Filters and sort/ }).click();
      await page.getByLabel(CONTACTS_TEXT.filters.segment, { exact: true }).selectOption("email_only");
      await waitForList(page, "segment");
      const emailOnly = await demo.db.contact.count({ where: { shop: DEMO_SHOP, segment: "email_only" } });
      // The URL changes first; the rows follow when the loader answers.
      await page.waitForFunction(
        (label) =>
          [...document.querySelectorAll("table tbody tr td:nth-child(4)")].every((cell) =>
            cell.textContent?.includes(label),
          ),
        SEGMENT_TEXT.email_only.label,
      );
      const badges = await page.locator("table tbody tr td:nth-child(4)").allTextContents();
      expect(badges.length).toBe(Math.min(50, emailOnly));
      expect(badges.every((badge) => badge.includes(SEGMENT_TEXT.email_only.label))).toBe(true);

      // A row opens the detail page with the contact's timeline.
      await page.goto(`${demo.url}/app/contacts?q=${encodeURIComponent(prefix)}`, {
        waitUntil: "networkidle",
      });
      await page.locator("table tbody tr").first().click();
      await page.waitForURL(`**/app/contacts/${withEvents.id}`);
      await page.getByRole("heading", { name: DETAIL_TEXT.timelineHeading }).waitFor();
      expect(await page.locator("ol > li").count()).toBe(withEvents._count.events);
      await page.screenshot({ path: `${SCREENSHOT_DIR}/contact-detail.png`, fullPage: true });
      expect(await blockingAxeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("an unknown contact gets a helpful not-found page, not an error", async () => {
    const { page } = await openAdminPage(browser, `${demo.url}/app/contacts/no-such-contact`);
    try {
      expect(await page.getByRole("heading", { name: DETAIL_TEXT.notFoundTitle }).count()).toBeGreaterThan(0);
      expect(await page.getByRole("link", { name: DETAIL_TEXT.backToContacts }).count()).toBe(1);
    } finally {
      await page.close();
    }
  });
});
