/**
 * The storefront WhatsApp opt-in (extensions/whatsapp-optin) in headless
 * Chromium: the block and the embed rendered from their Liquid, the real
 * assets/whatsapp-optin.js and .css, and the App Proxy answered by `handler`
 * (a recorder here; any `(path, jsonBody, headers) => Promise<{status, body}>`
 * fits, e.g. one that calls the app's proxy routes).
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { launchChromium } from "../../tools/support/storefront-browser";
import {
  countFetches,
  DEFAULT_CONTEXT,
  DEFAULT_WORDING,
  type ProxyAnswer,
  type ProxyHandler,
  proxyDrained,
  readBlock,
  readLocale,
  renderPage,
  type Storefront,
  startStorefront,
  wordingMetafields,
} from "../helpers/storefront";

interface ProxyCall {
  path: string;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SHOP = DEFAULT_CONTEXT.shopName;
const blockSchema = readBlock("whatsapp-optin").schema;
const defaultOf = (id: string) => String(blockSchema.settings?.find((s) => s.id === id)?.default);
/** The wording the app published (app.metafields); the theme has no wording of its own. */
const DEFAULT_CONSENT = DEFAULT_WORDING;
const DEFAULT_SUCCESS = defaultOf("success_message").replace("{{ shop.name }}", SHOP);
const DEFAULT_ERROR = defaultOf("error_message");
/** The extension's storefront strings (locales/*.json). */
interface Strings {
  country_label: string;
  phone_label: string;
  no_wording: string;
  button: string;
  success: string;
  error: string;
  consent_required: string;
  invalid_phone: string;
  privacy: string;
  confirm_link: string;
  optout: { confirm: string; button: string; success: string; confirm_required: string };
}
const strings = (locale: string) =>
  (readLocale(locale) as unknown as { whatsapp_optin: Strings }).whatsapp_optin;
const en = strings("en");
const es = strings("es");
const ES_SHOP = `Café "Ñ" & <Co>`;
/** Spanish wording as the app publishes it for a Spanish storefront, the brand inside it. */
const ES_WORDING = `Sí, quiero recibir mensajes de marketing de ${ES_SHOP} por WhatsApp (ofertas y novedades) en el número que he indicado. Puedo darme de baja cuando quiera respondiendo STOP.`;

let calls: ProxyCall[] = [];
let respond: (call: ProxyCall) => ProxyAnswer | Promise<ProxyAnswer>;
const recorded = (call: ProxyCall): ProxyAnswer => ({
  status: 201,
  body: { status: "recorded", eventId: call.body.eventId },
});
const handler: ProxyHandler = async (path, jsonBody, headers) => {
  const call = { path, body: (jsonBody ?? {}) as Record<string, unknown>, headers };
  calls.push(call);
  return respond(call);
};

let browser: Browser;
let store: Storefront;
let context: BrowserContext;
let page: Page;

const NEWSLETTER_HTML = `
<section>
  <h2>Newsletter</h2>
  <form method="post" action="/contact#newsletter" id="newsletter" class="newsletter-form">
    <input type="hidden" name="form_type" value="customer">
    <input type="hidden" name="contact[tags]" value="newsletter">
    <div style="display:flex;gap:8px">
      <label for="nl-email">Email</label>
      <input id="nl-email" type="email" name="contact[email]" required>
      <button type="submit">Sign up</button>
    </div>
  </form>
  <form method="get" action="/search" id="search">
    <input name="q" aria-label="Search"><button>Search</button>
  </form>
  <form method="post" action="/contact#contact_form" id="contact">
    <label for="c-phone">Phone</label><input id="c-phone" type="tel" name="contact[phone]">
    <label for="c-body">Message</label><textarea id="c-body" name="contact[body]"></textarea>
    <button type="submit">Send</button>
  </form>
</section>`;

// A missing Chromium fails every test (with the install command), rather than skipping them.
let launchError: unknown;

beforeAll(async () => {
  try {
    browser = await launchChromium();
  } catch (error) {
    launchError = error;
  }
  store = await startStorefront(handler);
  store.setPage(
    "/block",
    await renderPage({
      blocks: [{ name: "whatsapp-optin", id: "BLOCK1" }],
      themeHtml: '<p id="below">Below</p>',
    }),
  );
  store.setPage(
    "/block-optout",
    await renderPage({ blocks: [{ name: "whatsapp-optin", id: "BLOCK2", settings: { mode: "optout" } }] }),
  );
  store.setPage(
    "/block-es",
    await renderPage({
      blocks: [
        {
          name: "whatsapp-optin",
          id: "BLOCK3",
          settings: { success_message: "", button_label: "" },
        },
      ],
      context: {
        locale: "es",
        shopName: ES_SHOP,
        appMetafields: wordingMetafields(ES_WORDING, "version-es", "es"),
      },
    }),
  );
  store.setPage(
    "/newsletter",
    await renderPage({ blocks: [{ name: "whatsapp-optin-embed" }], themeHtml: NEWSLETTER_HTML }),
  );
});

afterAll(async () => {
  await browser?.close();
  await store?.close();
});

beforeEach(async () => {
  if (launchError) throw launchError;
  calls = [];
  respond = recorded;
  store.formPosts.length = 0;
  store.proxyAnswers.length = 0;
  context = await browser.newContext();
  await countFetches(context);
  page = await context.newPage();
});

afterEach(async () => {
  await context?.close();
});

const box = () => page.locator('[data-wa="box"]');
const phone = () => page.locator('[data-wa="phone"]');
const submit = () => page.locator('[data-wa="submit"]');
const status = () => page.getByRole("status");
const alert = () => page.getByRole("alert");
/** The text as rendered on screen (what the shopper reads), not the DOM's raw text. */
// biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point here
const shown = (locator: Locator) => locator.innerText();
/** Where the theme's content below the block starts (layout shift check). */
const belowY = async () => (await page.locator("#below").boundingBox())?.y;
/**
 * How many requests the page sent, once all of them are answered. Called after
 * the page showed the outcome of the shopper's last action (a message set in
 * the same submit handler that would have sent the request), so a request the
 * page wrongly sent is already counted and has reached `calls`: no sleeping.
 */
const sent = () => proxyDrained(page, store);

describe("storefront app block (opt-in)", () => {
  it("starts unticked, with bound labels, the shop's country and accessible messages", async () => {
    await page.goto(`${store.url}/block`);
    expect(await box().isChecked()).toBe(false);
    expect(await box().getAttribute("checked")).toBeNull();

    const label = page.locator('[data-wa="label"]');
    expect(await shown(label)).toBe(DEFAULT_CONSENT);
    expect(DEFAULT_CONSENT).toContain("WhatsApp");
    expect(DEFAULT_CONSENT).toContain(SHOP);
    // Each label is bound to its control: the accessible name finds the control.
    expect(await page.getByLabel(DEFAULT_CONSENT, { exact: true }).getAttribute("data-wa")).toBe("box");
    expect(await page.getByLabel(en.phone_label).getAttribute("data-wa")).toBe("phone");
    expect(await page.getByLabel(en.country_label).inputValue()).toBe("ES");
    expect(await page.getByRole("link", { name: en.privacy }).getAttribute("href")).toBe(
      DEFAULT_CONTEXT.privacyPolicyUrl,
    );

    expect(await phone().getAttribute("aria-invalid")).toBe("false");
    const describedBy = await phone().getAttribute("aria-describedby");
    expect(await page.locator(`#${describedBy}`).count()).toBe(1);
    expect(await status().getAttribute("aria-live")).toBe("polite");
    expect(await alert().count()).toBe(1);
  });

  it("works from the keyboard alone, with a visible focus, and records one opt-in", async () => {
    await page.goto(`${store.url}/block`);
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        return el?.getAttribute("data-wa") ?? el?.tagName.toLowerCase() ?? "";
      });
    const order: string[] = [];
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press("Tab");
      order.push(await focused());
    }
    expect(order).toEqual(["country", "phone", "box", "a", "submit"]);

    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    expect(await focused()).toBe("box");
    const outline = await box().evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe("none");

    await page.keyboard.press("Space");
    expect(await box().isChecked()).toBe(true);
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.type("612 345 678");
    await page.keyboard.press("Enter");

    await expect.poll(() => shown(status())).toBe(DEFAULT_SUCCESS);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.body.phone).toBe("612 345 678");
  });

  it("ticked and submitted: announces success and sends exactly one opt-in with the text shown", async () => {
    await page.goto(`${store.url}/block`);
    const consentShown = await shown(page.locator('[data-wa="label"]'));
    await page.getByLabel(en.country_label).selectOption("PT");
    await phone().fill("912 345 678");
    await box().check();
    await submit().click();

    await expect.poll(() => shown(status())).toBe(DEFAULT_SUCCESS);
    expect(await shown(alert())).toBe("");
    expect(await sent()).toBe(1);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.path).toBe("/apps/whatsapp-consent/optin");
    expect(call?.headers["content-type"]).toBe("application/json");
    expect(call?.body).toEqual({
      eventId: expect.stringMatching(UUID),
      phone: "912 345 678",
      country: "PT",
      consent: true,
      consentText: consentShown,
      source: "storefront_block",
      blockId: "BLOCK1",
      pageUrl: `${store.url}/block`,
      locale: "en",
    });
  });

  it("sends nothing when the box is unticked or the phone is not a number", async () => {
    await page.goto(`${store.url}/block`);
    const below = await belowY();
    await phone().fill("612 345 678");
    await submit().click();
    await expect.poll(() => shown(alert())).toBe(en.consent_required);
    expect(await box().getAttribute("aria-invalid")).toBe("true");
    expect(await box().evaluate((el) => el === document.activeElement)).toBe(true);

    await phone().fill("call me");
    await box().check();
    await submit().click();
    const describedBy = await phone().getAttribute("aria-describedby");
    await expect.poll(() => shown(page.locator(`#${describedBy}`))).toBe(en.invalid_phone);
    expect(await phone().getAttribute("aria-invalid")).toBe("true");
    // Messages fill space reserved for them: nothing below the block moved.
    expect(await belowY()).toBeCloseTo(below ?? Number.NaN, 0);

    expect(await sent()).toBe(0);
    expect(calls).toHaveLength(0);
  });

  it("a double click sends one request, and the form is busy while it is in flight", async () => {
    respond = async (call) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      return recorded(call);
    };
    await page.goto(`${store.url}/block`);
    await phone().fill("612 345 678");
    await box().check();
    await submit().dblclick();
    expect(await submit().getAttribute("aria-disabled")).toBe("true");
    await page.keyboard.press("Enter");

    await expect.poll(() => shown(status())).toBe(DEFAULT_SUCCESS);
    expect(await submit().getAttribute("aria-disabled")).toBeNull();
    expect(await sent()).toBe(1);
    expect(calls).toHaveLength(1);
  });

  it("shows the message of a 422 answer", async () => {
    respond = () => ({ status: 422, body: { error: "That number cannot receive WhatsApp messages." } });
    await page.goto(`${store.url}/block`);
    const below = await belowY();
    await phone().fill("612 345 678");
    await box().check();
    await submit().click();
    await expect.poll(() => shown(alert())).toBe("That number cannot receive WhatsApp messages.");
    expect(await belowY()).toBeCloseTo(below ?? Number.NaN, 0);
    expect(await shown(status())).toBe("");
    expect(calls).toHaveLength(1);
  });

  it("on 401, 429 and 5xx shows the generic error, stays usable and retries with the same eventId", async () => {
    const statuses = [401, 429, 503];
    respond = (call) => {
      const code = statuses.shift();
      return code ? { status: code, body: { error: "internal detail" } } : recorded(call);
    };
    await page.goto(`${store.url}/block`);
    await phone().fill("612 345 678");
    await box().check();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await submit().click();
      await expect.poll(() => calls.length).toBe(attempt);
      await expect.poll(() => shown(alert())).toBe(DEFAULT_ERROR);
      expect(await submit().getAttribute("aria-disabled")).toBeNull();
      expect(await box().isChecked()).toBe(true);
      // Clear the message so the next attempt's message is a fresh one.
      await page.evaluate(() => {
        const el = document.querySelector('[data-wa="error"]');
        if (el) el.textContent = "";
      });
    }
    await submit().click();
    await expect.poll(() => shown(status())).toBe(DEFAULT_SUCCESS);
    expect(calls).toHaveLength(4);
    expect(new Set(calls.map((c) => c.body.eventId)).size).toBe(1);

    // A new tick is a new consent act: a new eventId.
    await box().uncheck();
    await box().check();
    await submit().click();
    await expect.poll(() => calls.length).toBe(5);
    expect(calls[4]?.body.eventId).toMatch(UUID);
    expect(calls[4]?.body.eventId).not.toBe(calls[0]?.body.eventId);
  });

  it("offers a confirmUrl as a 'Confirm on WhatsApp' link, and only WhatsApp links", async () => {
    respond = (call) => ({
      status: 201,
      body: {
        status: "recorded",
        eventId: call.body.eventId,
        confirmUrl: "https://wa.me/34600000000?text=YES",
      },
    });
    await page.goto(`${store.url}/block`);
    await phone().fill("612 345 678");
    await box().check();
    await submit().click();
    const link = status().getByRole("link", { name: en.confirm_link });
    await expect.poll(() => link.getAttribute("href")).toBe("https://wa.me/34600000000?text=YES");

    respond = () => ({
      status: 200,
      body: { status: "already_recorded", confirmUrl: "javascript:alert(1)" },
    });
    await submit().click();
    await expect.poll(() => calls.length).toBe(2);
    await expect.poll(() => shown(status())).toBe(DEFAULT_SUCCESS);
    expect(await status().getByRole("link").count()).toBe(0);
  });

  it("speaks the shopper's language and shows the shop name as text, never as HTML", async () => {
    await page.goto(`${store.url}/block-es`);
    const expected = ES_WORDING;
    const label = page.locator('[data-wa="label"]');
    expect(await shown(label)).toBe(expected);
    expect(await label.locator("co").count()).toBe(0);
    expect(await shown(submit())).toBe(es.button);

    await phone().fill("612 345 678");
    await box().check();
    await submit().click();
    await expect.poll(() => shown(status())).toBe(es.success.replace("{{ shop }}", ES_SHOP));
    expect(calls[0]?.body).toMatchObject({ consentText: expected, locale: "es", blockId: "BLOCK3" });
  });
});

describe("storefront app block (opt-out mode)", () => {
  it("posts an opt-out with a confirmation, and no consent text", async () => {
    await page.goto(`${store.url}/block-optout`);
    const confirmLabel = en.optout.confirm.replace("{{ shop }}", SHOP);
    expect(await shown(page.locator('[data-wa="label"]'))).toBe(confirmLabel);
    expect(await shown(submit())).toBe(en.optout.button);
    expect(await box().isChecked()).toBe(false);

    await phone().fill("+34 612 345 678");
    await submit().click();
    await expect.poll(() => shown(alert())).toBe(en.optout.confirm_required);
    expect(await sent()).toBe(0);
    expect(calls).toHaveLength(0);

    await page.getByLabel(confirmLabel).check();
    await submit().click();
    await expect.poll(() => shown(status())).toBe(en.optout.success.replace("{{ shop }}", SHOP));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.path).toBe("/apps/whatsapp-consent/optout");
    expect(calls[0]?.body).toEqual({
      eventId: expect.stringMatching(UUID),
      phone: "+34 612 345 678",
      country: "ES",
      confirm: true,
      source: "storefront_block",
      blockId: "BLOCK2",
      pageUrl: `${store.url}/block-optout`,
      locale: "en",
    });
  });
});

describe("storefront app embed (existing forms)", () => {
  const newsletter = () => page.locator("#newsletter");

  it("adds an unticked WhatsApp opt-in to matching forms only", async () => {
    await page.goto(`${store.url}/newsletter`);
    await expect.poll(() => newsletter().locator('[data-wa="box"]').count()).toBe(1);
    expect(await page.locator('#search [data-wa="box"]').count()).toBe(0);
    expect(await newsletter().locator('[data-wa="box"]').isChecked()).toBe(false);
    expect(await newsletter().getByLabel(DEFAULT_CONSENT, { exact: true }).getAttribute("type")).toBe(
      "checkbox",
    );

    // The phone appears once the shopper ticks the box; ids stay unique per form.
    const embedPhone = newsletter().getByLabel(en.phone_label);
    expect(await embedPhone.isVisible()).toBe(false);
    await newsletter().locator('[data-wa="box"]').check();
    expect(await embedPhone.isVisible()).toBe(true);
    const ids = await page.evaluate(() => [...document.querySelectorAll("[id]")].map((el) => el.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("when ticked, records the opt-in in the background and lets the form submit normally", async () => {
    await page.goto(`${store.url}/newsletter`);
    await newsletter().locator('[data-wa="box"]').check();
    const consentShown = await shown(newsletter().locator('[data-wa="label"]'));
    await newsletter().getByLabel("Email").fill("ana@example.com");
    await newsletter().getByLabel(en.phone_label).fill("612 345 678");
    await newsletter().getByRole("button", { name: "Sign up" }).click();

    await page.waitForURL(/\/contact(#\w+)?$/, { timeout: 5000 });
    expect(await shown(page.locator("#posted"))).toBe("Thanks");
    expect(store.formPosts).toHaveLength(1);
    const post = store.formPosts[0];
    expect(post?.path).toBe("/contact");
    // The theme's form sent exactly its own fields, nothing of ours.
    expect([...(post?.fields.keys() ?? [])]).toEqual(["form_type", "contact[tags]", "contact[email]"]);
    expect(post?.fields.get("contact[email]")).toBe("ana@example.com");

    await expect.poll(() => calls.length).toBe(1);
    expect(calls[0]?.path).toBe("/apps/whatsapp-consent/optin");
    expect(calls[0]?.body).toEqual({
      eventId: expect.stringMatching(UUID),
      phone: "612 345 678",
      country: "ES",
      consent: true,
      consentText: consentShown,
      source: "storefront_embed",
      blockId: "embed",
      pageUrl: `${store.url}/newsletter`,
      locale: "en",
    });
  });

  it("sends no opt-in when the box stays unticked, and the form still submits", async () => {
    await page.goto(`${store.url}/newsletter`);
    await expect.poll(() => newsletter().locator('[data-wa="box"]').count()).toBe(1);
    await newsletter().getByLabel("Email").fill("bo@example.com");
    await newsletter().getByRole("button", { name: "Sign up" }).click();
    await page.waitForURL(/\/contact(#\w+)?$/, { timeout: 5000 });
    expect(store.formPosts).toHaveLength(1);
    // The form navigates only after every submit listener ran, ours included.
    expect(await sent()).toBe(0);
    expect(calls).toHaveLength(0);
  });

  it("uses the form's own phone field when it has one", async () => {
    await page.goto(`${store.url}/newsletter`);
    const contact = page.locator("#contact");
    await expect.poll(() => contact.locator('[data-wa="box"]').count()).toBe(1);
    expect(await contact.locator('[data-wa="phone"]').count()).toBe(0);
    await contact.getByLabel("Phone", { exact: true }).fill("611 222 333");
    await contact.getByLabel("Message", { exact: true }).fill("Hello");
    await contact.locator('[data-wa="box"]').check();
    await contact.getByRole("button", { name: "Send" }).click();
    await page.waitForURL(/\/contact(#\w+)?$/, { timeout: 5000 });
    expect(store.formPosts[0]?.fields.get("contact[phone]")).toBe("611 222 333");
    await expect.poll(() => calls.length).toBe(1);
    expect(calls[0]?.body).toMatchObject({ phone: "611 222 333", country: "ES", source: "storefront_embed" });
  });
});
