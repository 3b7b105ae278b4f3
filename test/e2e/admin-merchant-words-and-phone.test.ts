/**
 * The demo admin as a merchant meets it, in headless Chromium:
 * - every page's readable text (and the contact pages of each kind of
 *   contact, a checked list, the 404 page) holds no code-like token
 *   (UPPER_SNAKE, an all-caps state word, our snake_case codes) outside the
 *   elements that show a CSV's column names;
 * - at 390 px each page has no sideways scroll and no control cut off, a
 *   screenshot of it is written to the e2e output (test-results/, ignored
 *   by git), and axe-core finds no serious or critical violation;
 * - a contact's remedies are links that do the fix, the list says how many
 *   contacts match and finds a phone typed the way the customer gave it.
 */
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTACTS_TEXT } from "../../app/admin/strings/contacts";
import { NOT_FOUND_TEXT } from "../../app/admin/strings/not-found";
import { REMEDY_TEXT } from "../../app/contacts/remedies";
import {
  type AdminDemo,
  DEMO_SHOP,
  openAdminPage,
  SCREENSHOT_DIR,
  startAdminDemo,
} from "../../tools/support/admin-demo";
import { launchChromium } from "../../tools/support/storefront-browser";
import { blockingAxeViolations } from "../helpers/axe";
import {
  codeLikeTokens,
  layoutProblems,
  PHONE_WIDTH,
  REASON_CODES_SEEN,
  readableText,
} from "../helpers/merchant-view";

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

async function onPhone(path: string): Promise<{ page: Page; errors: string[] }> {
  // Opened at the phone's width rather than resized to it: the layouts chosen in
  // script by width (the contacts list, the export history) read the width in
  // the commit that hydrates the page, before it is painted, so no re-render
  // after a resize is left to wait for.
  return openAdminPage(browser, `${demo.url}${path}`, { width: PHONE_WIDTH, height: 844 });
}

/** The words check, the phone-width check and axe, on the page as it is now. */
async function checkPage(page: Page, name: string) {
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}-390.png`, fullPage: true });
  const tokens = (await readableText(page)).flatMap((text) =>
    codeLikeTokens(text).map((token) => `${token} in "${text.slice(0, 80)}"`),
  );
  expect(tokens, `${name}: code-like words on screen`).toEqual([]);
  const layout = await layoutProblems(page);
  expect(layout.overflow, `${name}: sideways scroll at ${PHONE_WIDTH} px`).toBeLessThanOrEqual(0);
  expect(layout.cutBoxes, `${name}: content cut off sideways at ${PHONE_WIDTH} px`).toEqual([]);
  expect(layout.clipped, `${name}: controls cut off at ${PHONE_WIDTH} px`).toEqual([]);
  expect(await blockingAxeViolations(page), `${name}: axe`).toEqual([]);
}

async function contactWhere(where: Record<string, unknown>) {
  return demo.db.contact.findFirstOrThrow({ where: { shop: DEMO_SHOP, ...where }, orderBy: { id: "asc" } });
}

describe("the checks themselves", () => {
  it("see every reason code, Shopify state and sync status, and pass plain sentences", () => {
    expect(REASON_CODES_SEEN).toBe(true);
    expect(codeLikeTokens("Shopify says: NOT_SUBSCRIBED. Last sync IMPORTED, SUBSCRIBED")).toEqual([
      "NOT_SUBSCRIBED",
      "IMPORTED",
      "SUBSCRIBED",
    ]);
    expect(codeLikeTokens("Source: shopify_sync; segment sms_only")).toEqual(["shopify_sync", "sms_only"]);
    expect(
      codeLikeTokens("Reply STOP to stop. Download the CSV (UTF-8) at 09:00 UTC from a_b@example.com"),
    ).toEqual([]);
  });

  it("see a table wider than the phone, a control pushed off-screen and a code in a tooltip", async () => {
    const page = await browser.newPage({ viewport: { width: PHONE_WIDTH, height: 844 } });
    try {
      await page.setContent(`<body style="margin:0">
        <div style="overflow-x:auto"><table><tr><td style="min-width:900px">wide</td></tr></table></div>
        <div style="overflow:hidden;width:200px"><button style="margin-left:180px;width:120px">Cut</button></div>
        <button style="position:absolute;left:350px;width:100px">Off</button>
        <span title="SMS_ONLY">SMS only</span>
        <table data-csv-columns><tr><th>phone_e164</th><th>WHATSAPP_OPT_IN</th></tr></table>
        <div style="display:none">NOT_SUBSCRIBED</div></body>`);
      const layout = await layoutProblems(page);
      expect(layout.cutBoxes.length).toBeGreaterThan(0);
      expect(layout.clipped.map((one) => one.what)).toEqual(['button "Cut"', 'button "Off"']);
      expect((await readableText(page)).flatMap(codeLikeTokens)).toEqual(["SMS_ONLY"]);
    } finally {
      await page.close();
    }
  });
});

describe("every admin page at 390 px, in the merchant's words", () => {
  for (const [path, name] of [
    ["/app", "overview"],
    ["/app/contacts", "contacts"],
    ["/app/consent-texts", "consent-texts"],
    ["/app/capture", "capture"],
    ["/app/export", "export"],
    ["/app/list-check", "list-check"],
    ["/app/no-such-page", "not-found"],
  ] as const) {
    it(`${name} (${path})`, async () => {
      const { page, errors } = await onPhone(path);
      try {
        await checkPage(page, name);
        if (name === "not-found") {
          expect(await page.getByText(NOT_FOUND_TEXT.heading).count()).toBe(1);
          // Inside the app: its navigation is there.
          expect(await page.getByRole("navigation", { name: "App pages" }).count()).toBe(1);
        } else {
          expect(errors).toEqual([]);
        }
      } finally {
        await page.close();
      }
    });
  }

  it("contacts with the filters open and a filter applied", async () => {
    const { page, errors } = await onPhone("/app/contacts?segment=sms_only&reason=SMS_ONLY");
    try {
      await page.getByRole("button", { name: /^Filters and sort/ }).click();
      await page.locator("#contact-filters select").first().waitFor();
      await checkPage(page, "contacts-filters");
      const search = await page.getByPlaceholder(CONTACTS_TEXT.searchPlaceholder).boundingBox();
      // Full width on a phone: the card's width less its padding.
      expect(search?.width ?? 0).toBeGreaterThan(PHONE_WIDTH - 60);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("the contact detail of each kind of contact, each remedy an action", async () => {
    const duplicate = await contactWhere({
      duplicateOfId: { not: null },
      reasons: { contains: "DUPLICATE" },
    });
    const noPhone = await contactWhere({
      phoneE164: null,
      phoneRaw: null,
      reasons: { contains: "INVALID_PHONE" },
    });
    const smsOnly = await contactWhere({ segment: "sms_only" });
    const unproven = await contactWhere({ segment: "whatsapp_unsubstantiated" });
    const optedOut = await contactWhere({ segment: "opted_out" });
    for (const [contact, name] of [
      [duplicate, "contact-detail-duplicate"],
      [noPhone, "contact-detail-no-phone"],
      [smsOnly, "contact-detail"],
      [unproven, "contact-detail-unproven"],
      [optedOut, "contact-detail-opted-out"],
    ] as const) {
      const { page, errors } = await onPhone(`/app/contacts/${contact.id}`);
      try {
        await checkPage(page, name);
        expect(errors).toEqual([]);
        const href = async (label: string) =>
          page.getByRole("link", { name: label }).first().getAttribute("href");
        if (contact === duplicate) {
          const other = await contactWhere({ id: duplicate.duplicateOfId });
          const exported = other.segment === "whatsapp_substantiated" && other.reasons === "";
          const label = exported ? REMEDY_TEXT.exportedRecord : REMEDY_TEXT.otherRecord;
          expect(await href(label)).toBe(`/app/contacts/${duplicate.duplicateOfId}`);
        }
        if (contact === noPhone) {
          expect(await page.getByText(REMEDY_TEXT.noPhone).count()).toBeGreaterThan(0);
          expect(await page.getByText(/correct the number/i).count()).toBe(0);
        }
        if (contact === smsOnly) {
          expect(await href(REMEDY_TEXT.rePermission)).toBe("/app/export?segment=sms_only#re-permission");
        }
        if (contact === unproven) expect(await href(REMEDY_TEXT.capture)).toBe("/app/capture");
      } finally {
        await page.close();
      }
    }
  });

  it("the export page preselects the contact's segment; its spreadsheet form keeps the + of every phone", async () => {
    const response = await fetch(`${demo.url}/app/export/re-permission?segment=sms_only&form=spreadsheet`);
    expect(response.status).toBe(200);
    const body = new Uint8Array(await response.arrayBuffer());
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(body.subarray(3)).trim().split("\r\n");
    expect(lines.length).toBeGreaterThan(1);
    // No bare +digits or long digit run a spreadsheet would turn into a number; phones as ="+…".
    for (const line of lines.slice(1)) expect(line).not.toMatch(/(^|,)(\+?\d{7,})(,|$)/);
    expect(lines.filter((line) => /^sms[^,]*,"=""\+\d+""",/.test(line)).length).toBeGreaterThan(0);
    const { page, errors } = await onPhone("/app/export?segment=sms_only");
    try {
      expect(await page.getByLabel("Who to ask").inputValue()).toBe("sms_only");
      expect(await page.getByText("Re-permission CSV (SMS only, for a spreadsheet)").count()).toBe(1);
      await checkPage(page, "export-sms-only");
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("a checked list, with its results and the file's column mapping", async () => {
    const { page, errors } = await onPhone("/app/list-check");
    try {
      await page.setInputFiles("#list-check-file", "samples/klaviyo-export.csv");
      await page.getByLabel("Brand name used in the consent wording").fill("Acme Coffee");
      await page.getByRole("button", { name: "Check list" }).click();
      await page.getByTestId("group-a-count").waitFor();
      expect(await page.getByText(/export export/).count()).toBe(0);
      await checkPage(page, "list-check-result");
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe("the contacts list answers a merchant's search", () => {
  it("shows how many contacts match, and finds a phone typed as the customer gave it", async () => {
    const national = await contactWhere({ phoneRaw: { startsWith: "0" }, phoneE164: { not: null } });
    const { page, errors } = await onPhone("/app/contacts");
    try {
      const total = await demo.db.contact.count({ where: { shop: DEMO_SHOP, redactedAt: null } });
      expect(await page.getByTestId("contact-count").textContent()).toBe(
        `${total.toLocaleString("en")} contacts`,
      );
      await page.getByPlaceholder(CONTACTS_TEXT.searchPlaceholder).fill(national.phoneRaw as string);
      await page.waitForURL((url) => url.searchParams.has("q"), { timeout: 15_000 });
      await page.waitForLoadState("networkidle");
      await page.getByTestId("contact-count").filter({ hasText: "match" }).waitFor();
      const shown = await page.locator("ul li").allInnerTexts();
      expect(shown.some((text) => text.includes(national.phoneE164 as string))).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
