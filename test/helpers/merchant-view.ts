/**
 * What a merchant sees of an admin page, measured in the browser: the text
 * they read (and any code-like token in it), and whether the page fits a
 * phone's width without hiding or cutting off a control.
 */
import type { Page } from "playwright-core";
import { SHOPIFY_LEVEL_TEXT, SHOPIFY_STATE_TEXT, SYNC_STATUS_TEXT } from "../../app/admin/strings/vocabulary";
import { REASON_CODES, SEGMENTS, SOURCE_KINDS } from "../../app/consent/types";

/** The phone width the admin must work at (an iPhone 12 to 15 in portrait). */
export const PHONE_WIDTH = 390;

/** All-caps words that are codes (states, statuses, reasons), never words a merchant reads. */
export const STATE_WORDS: ReadonlySet<string> = new Set<string>([
  ...REASON_CODES,
  ...Object.keys(SHOPIFY_STATE_TEXT),
  ...Object.keys(SYNC_STATUS_TEXT),
  ...Object.keys(SHOPIFY_LEVEL_TEXT),
  "SINGLE",
  "CONFIRMED",
]);

/** Our own lower-case codes (segments, sources...), which no sentence contains either. */
const OWN_CODES: ReadonlySet<string> = new Set<string>([
  ...SEGMENTS,
  ...SOURCE_KINDS,
  "opt_in",
  "opt_out",
  "click_to_chat",
  "not_seen",
  "hash_mismatch",
  "details_mismatch",
  "wrong_previous_hash",
]);

const UPPER_SNAKE = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g;
const CAPITAL_WORD = /\b[A-Z]{2,}\b/g;
const SNAKE = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g;
/** Addresses and links keep their own spelling (an email may hold an underscore). */
const ADDRESS = /\S+@\S+|https?:\/\/\S+/g;

/** Code-like tokens in a text: UPPER_SNAKE, an all-caps state word, or one of our own snake_case codes. */
export function codeLikeTokens(text: string): string[] {
  const plain = text.replace(ADDRESS, " ");
  const found = new Set<string>();
  for (const match of plain.matchAll(UPPER_SNAKE)) found.add(match[0]);
  for (const match of plain.matchAll(CAPITAL_WORD)) if (STATE_WORDS.has(match[0])) found.add(match[0]);
  for (const match of plain.matchAll(SNAKE)) if (OWN_CODES.has(match[0])) found.add(match[0]);
  return [...found];
}

/** Every reason code is UPPER_SNAKE or an all-caps word covered above (the check must see them all). */
export const REASON_CODES_SEEN = REASON_CODES.every((code) => codeLikeTokens(`x ${code} x`).length > 0);

/**
 * The text a person reads on the page: visible text nodes, option labels,
 * and title and aria-label attributes (tooltips, screen readers), leaving
 * out elements marked [data-csv-columns] (they show a file's column names).
 */
export async function readableText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = [];
    const skip = (element: Element | null) =>
      element?.closest("script, style, noscript, template, [data-csv-columns]") != null;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent?.trim();
      if (!text || !parent || skip(parent)) continue;
      // A closed <select> hides its options, which a person reads on opening it. Visually
      // hidden text (for screen readers) counts: someone reads it too.
      if (parent.closest("option") || parent.checkVisibility({ visibilityProperty: true })) texts.push(text);
    }
    for (const element of document.body.querySelectorAll("[title], [aria-label], [placeholder]")) {
      if (skip(element)) continue;
      for (const name of ["title", "aria-label", "placeholder"]) {
        const value = element.getAttribute(name)?.trim();
        if (value) texts.push(value);
      }
    }
    return texts;
  });
}

export interface Clipped {
  what: string;
  left: number;
  right: number;
  limit: string;
}

/**
 * Layout problems at the page's current width: the document scrolls
 * sideways; a box inside it scrolls or cuts its content sideways (a table
 * wider than the phone); or a visible control (link, button, field) reaches
 * past the viewport or past an ancestor that clips or scrolls it sideways.
 */
export async function layoutProblems(
  page: Page,
): Promise<{ overflow: number; cutBoxes: string[]; clipped: Clipped[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const overflow = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - width;
    const cutBoxes: string[] = [];
    for (const box of document.body.querySelectorAll<HTMLElement>("*")) {
      const overflowX = getComputedStyle(box).overflowX;
      // Visually hidden text (for screen readers) lives in 1 px boxes on purpose.
      if (overflowX === "visible" || overflowX === "clip" || box.clientWidth <= 1) continue;
      if (box.scrollWidth > box.clientWidth + 1 && box.checkVisibility()) {
        cutBoxes.push(
          `${box.tagName.toLowerCase()}.${String(box.className).split(" ")[0]} (${box.scrollWidth} px of content in ${box.clientWidth} px): "${(box.textContent ?? "").trim().slice(0, 40)}"`,
        );
      }
    }
    const controls = document.querySelectorAll<HTMLElement>(
      "a[href], button, input:not([type=hidden]), select, textarea, [role=button], [role=link], [role=tab]",
    );
    const clipped: {
      what: string;
      left: number;
      right: number;
      limit: string;
    }[] = [];
    const describe = (element: Element) =>
      `${element.tagName.toLowerCase()} "${(element.textContent || element.getAttribute("aria-label") || element.getAttribute("name") || "").trim().slice(0, 40)}"`;
    for (const control of controls) {
      const rect = control.getBoundingClientRect();
      const style = getComputedStyle(control);
      // Visually hidden stand-ins (a custom radio's real input) are 1 px or clipped to nothing.
      if (rect.width <= 1 || rect.height <= 1 || style.visibility === "hidden" || style.display === "none")
        continue;
      if (style.clip === "rect(0px, 0px, 0px, 0px)" || style.clipPath === "inset(50%)") continue;
      if (control.closest("[aria-hidden=true]")) continue;
      if (rect.left < -1 || rect.right > width + 1) {
        clipped.push({ what: describe(control), left: rect.left, right: rect.right, limit: "viewport" });
        continue;
      }
      for (
        let parent = control.parentElement;
        parent && parent !== document.body;
        parent = parent.parentElement
      ) {
        const overflowX = getComputedStyle(parent).overflowX;
        if (overflowX === "visible") continue;
        const box = parent.getBoundingClientRect();
        if (rect.left < box.left - 1 || rect.right > box.right + 1) {
          clipped.push({
            what: describe(control),
            left: rect.left,
            right: rect.right,
            limit: `${parent.tagName.toLowerCase()}.${String(parent.className).split(" ")[0]} (${Math.round(box.left)}–${Math.round(box.right)})`,
          });
          break;
        }
      }
    }
    return { overflow, cutBoxes, clipped };
  });
}
