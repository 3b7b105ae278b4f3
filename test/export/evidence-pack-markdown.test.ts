/**
 * What a shopper controls (the storefront block id, the page address) is
 * written into the evidence pack's Markdown as text, never as a link, an
 * image, HTML or a table cell of its own; the consent wording is shown in a
 * fence it cannot close.
 */

import fc from "fast-check";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markdownText, verbatimBlock } from "../../app/export/markdown";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import * as route from "../../app/routes/app.export.evidence-pack";
import * as proxyOptinRoute from "../../app/routes/proxy.optin";
import { freshProxyParams, optInBody, proxyRequestWithQuery } from "../../tools/support/app-proxy";
import { loadTestApp } from "../helpers/app";
import { SHOP } from "../helpers/export-fixtures";
import { callAction } from "../helpers/webhooks";

const HOSTILE_BLOCK = "x](javascript:alert(document.cookie)) | <img src=x onerror=alert(1)>\n# heading";
let app: Awaited<ReturnType<typeof loadTestApp>>;

beforeAll(async () => {
  app = await loadTestApp({ RATE_LIMIT_PER_CLIENT: "1000", DEMO_MODE: "1", DEMO_SHOP: SHOP });
  await app.db.shop.create({ data: { domain: SHOP, brandName: "Acme Coffee", defaultCountry: "ES" } });
  await setConsentTextInUse(app.db, SHOP, "storefront", optInBody().consentText);
});
afterAll(() => app.cleanup());

describe("the evidence pack's Markdown", () => {
  it("shows a hostile block id as text: no link, no HTML, no extra table cell or line", async () => {
    const optIn = proxyOptinRoute.action as Parameters<typeof callAction>[0];
    const params = freshProxyParams().map(([key, value]): [string, string] => [
      key,
      key === "shop" ? SHOP : value,
    ]);
    const body = JSON.stringify(optInBody({ blockId: HOSTILE_BLOCK.replace("\n", " ") }));
    expect((await callAction(optIn, proxyRequestWithQuery("/proxy/optin", params, { body }))).status).toBe(
      201,
    );

    const response = await route.loader({
      request: new Request("http://localhost/app/export/evidence-pack"),
      params: {},
      context: {},
    });
    const files = Object.fromEntries(
      Object.entries(unzipSync(new Uint8Array(await response.arrayBuffer()))).map(([name, data]) => [
        name,
        strFromU8(data),
      ]),
    );
    const pages = Object.entries(files).filter(([name]) => name.endsWith(".md"));
    const shown = pages.filter(([, text]) => text.includes("javascript"));
    expect(shown.length, "the block id appears in the pack").toBeGreaterThan(0);
    for (const [name, text] of pages) {
      expect(text, name).not.toMatch(/(?<!\\)\]\(javascript/);
      expect(text, name).not.toMatch(/(?<!\\)<img/);
    }
    for (const [name, text] of shown) {
      const row = text.split("\n").find((line) => line.includes("javascript")) ?? "";
      // Four cells: the shopper's `|` is escaped, not a cell border.
      expect(row.replace(/\\\|/g, "").split("|").length - 2, name).toBe(
        4 - (name === "consent-texts.md" ? 0 : 0),
      );
    }
  });

  it("markdownText: every punctuation character escaped, nothing lost, one line", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (value) => {
        const escaped = markdownText(value);
        expect(escaped).not.toMatch(/[\r\n]/);
        // No punctuation character stands unescaped.
        expect(escaped.replace(/\\[!-/:-@[-`{-~]/g, "")).not.toMatch(/[!-/:-@[-`{-~]/);
        expect(escaped.replace(/\\([!-/:-@[-`{-~])/g, "$1")).toBe(value.replace(/[\r\n]+/g, " "));
      }),
    );
  });

  it("verbatimBlock: wording with tildes cannot close its fence", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 12 }), (text, run) => {
        const wording = `${text}\n${"~".repeat(run)}\n[x](javascript:1)`;
        const block = verbatimBlock(wording);
        const fence = /^(~+)text\n/.exec(block)?.[1] ?? "";
        expect(block.endsWith(`\n${fence}\n`)).toBe(true);
        expect(block.slice(fence.length + 5, -(fence.length + 2))).toBe(wording);
        expect(wording.split("\n").some((line) => line.startsWith(fence))).toBe(false);
      }),
    );
  });
});
