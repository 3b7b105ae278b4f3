/**
 * The pure pieces behind "words, not codes" and "every remedy is an action":
 * every label and explanation of the vocabulary reads as words; a contact's
 * remedies fit its data and link to the page that does the fix; the
 * readiness check fails when nothing is live or exportable; a phone typed
 * the national way maps to the numbers it can be.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readinessChecks } from "../../app/admin/readiness";
import { SYNC_FAILURE_TEXT } from "../../app/admin/strings/dashboard";
import {
  ACTION_TEXT,
  CHANNEL_TEXT,
  COLLECTED_FROM_TEXT,
  describeSource,
  LEDGER_TEXT,
  LEVEL_TEXT,
  labelOf,
  METHOD_TEXT,
  REASON_TEXT,
  SEGMENT_TEXT,
  SHOPIFY_LEVEL_TEXT,
  SHOPIFY_STATE_TEXT,
  SOURCE_TEXT,
  SYNC_STATUS_TEXT,
} from "../../app/admin/strings/vocabulary";
import {
  CAPTURE_METHODS,
  REASON_CODES,
  type ReasonCode,
  SEGMENTS,
  SOURCE_KINDS,
} from "../../app/consent/types";
import { nationalCandidates } from "../../app/contacts/contact-search.server";
import { contactReasons, REMEDY_TEXT } from "../../app/contacts/remedies";
import { readmeMarkdown } from "../../app/export/evidence-pack-text";
import { codeLikeTokens } from "../helpers/merchant-view";

describe("the vocabulary", () => {
  it("has words for every code, and none of its words is a code", () => {
    const tables = [
      SOURCE_TEXT,
      METHOD_TEXT,
      LEVEL_TEXT,
      ACTION_TEXT,
      CHANNEL_TEXT,
      SHOPIFY_STATE_TEXT,
      SHOPIFY_LEVEL_TEXT,
      SYNC_STATUS_TEXT,
      LEDGER_TEXT,
      REASON_TEXT,
    ];
    const words = tables.flatMap((table) =>
      Object.values<{ label: string; explanation: string }>(table).flatMap((term) => [
        term.label,
        term.explanation,
      ]),
    );
    words.push(...Object.values(SEGMENT_TEXT).flatMap((text) => [text.label, text.description]));
    words.push(...Object.values(COLLECTED_FROM_TEXT));
    // Why a customer sync did not finish: Shopify's error codes never reach the page.
    words.push(...Object.values(SYNC_FAILURE_TEXT));
    expect(words.flatMap(codeLikeTokens)).toEqual([]);
    for (const kind of SOURCE_KINDS) expect(SOURCE_TEXT[kind].label).not.toContain("_");
  });

  it("never shows a code it does not know: an unknown one is made readable", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+){0,3}$/), (code) => {
        expect(codeLikeTokens(labelOf(SHOPIFY_STATE_TEXT, code))).toEqual([]);
      }),
    );
    expect(labelOf(SYNC_STATUS_TEXT, "IMPORTED")).toBe("Up to date");
    expect(labelOf(SHOPIFY_STATE_TEXT, null, "Unknown")).toBe("Unknown");
  });

  it("explains in the evidence pack's README every code its CSV columns use, in the same words", () => {
    const readme = readmeMarkdown({
      shop: "a",
      generatedAt: "now",
      doubleOptIn: false,
      sourceFiles: [],
      includeNames: true,
    });
    for (const method of CAPTURE_METHODS)
      expect(readme).toContain(`\`${method}\`: ${METHOD_TEXT[method].label}.`);
    for (const kind of SOURCE_KINDS) expect(readme).toContain(`\`${kind}\`: ${SOURCE_TEXT[kind].label}.`);
    expect(readme).toContain(`\`confirmed\`: ${LEVEL_TEXT.confirmed.label}.`);
  });

  it("says where Shopify got a consent state instead of shopify:shopify", () => {
    expect(describeSource("shopify_sync", "shopify:shopify")).toBe(
      "Shopify customer record, collected by Shopify",
    );
    expect(describeSource("shopify_sync", "shopify:unknown")).toBe(
      "Shopify customer record, Shopify does not say where it was collected",
    );
    expect(describeSource("storefront_embed", "https://a.example/p")).toBe(
      "Theme app embed: https://a.example/p",
    );
    expect(describeSource("checkout", "")).toBe("Checkout");
  });
});

const contact = (over: Partial<Parameters<typeof contactReasons>[1]> = {}) => ({
  segment: "unclear",
  phoneE164: "+2348099850632",
  phoneRaw: "0809 985 0632",
  email: "a@example.com",
  duplicateOfId: null,
  ...over,
});

describe("a contact's remedies", () => {
  it("fit the contact's data: no phone is 'no phone on record', never 'correct the number'", () => {
    const reasons = contactReasons(
      ["NO_WHATSAPP_OPT_IN", "TRANSACTIONAL_ONLY", "INVALID_PHONE"],
      contact({ phoneE164: null, phoneRaw: null }),
    );
    const invalid = reasons.find((reason) => reason.code === "INVALID_PHONE");
    expect(invalid?.explanation).toBe(REMEDY_TEXT.noPhone);
    expect(reasons.map((reason) => `${reason.explanation} ${reason.remedy}`).join(" ")).not.toMatch(
      /correct the number/i,
    );
    // With a number, the shared remedy (correct it at the source) stays.
    const withPhone = contactReasons(["INVALID_PHONE"], contact({ phoneE164: null }));
    expect(withPhone[0]?.remedy).toBe(REASON_TEXT.INVALID_PHONE.remedy);
  });

  it("link to the re-permission list with the contact's segment, the capture setup, or the exported duplicate", () => {
    const sms = contactReasons(["NO_WHATSAPP_OPT_IN", "SMS_ONLY"], contact({ segment: "sms_only" }));
    expect(sms[0]?.action?.url).toBe("/app/export?segment=sms_only#re-permission");
    expect(sms[1]?.action).toBeNull(); // the same fix is offered once
    const unproven = contactReasons(
      ["MISSING_CONSENT_TEXT"],
      contact({ segment: "whatsapp_unsubstantiated" }),
    );
    expect(unproven[0]?.action?.url).toBe("/app/capture");
    const duplicate = contactReasons(["DUPLICATE"], contact({ duplicateOfId: "c-42" }));
    expect(duplicate[0]?.action).toEqual({ label: REMEDY_TEXT.exportedRecord, url: "/app/contacts/c-42" });
    expect(contactReasons(["DUPLICATE"], contact())[0]?.remedy).toBe(REMEDY_TEXT.duplicateWithoutLink);
    // The other record may be held back too: then the page does not claim it is exported.
    const heldBack = contactReasons(
      ["DUPLICATE"],
      contact({ duplicateOfId: "c-42", duplicateOfExportable: false }),
    );
    expect(heldBack[0]).toMatchObject({
      remedy: REMEDY_TEXT.duplicateNotExported,
      action: { label: REMEDY_TEXT.otherRecord, url: "/app/contacts/c-42" },
    });
  });

  it("for any reasons, segment and data: shared labels, links only to the app's own fix pages, each once", () => {
    fc.assert(
      fc.property(
        fc.subarray([...REASON_CODES], { minLength: 1 }),
        fc.constantFrom(...SEGMENTS),
        fc.boolean(),
        fc.option(fc.constant("other-id"), { nil: null }),
        (codes: ReasonCode[], segment, phone, duplicateOfId) => {
          const reasons = contactReasons(
            codes,
            contact({
              segment,
              phoneE164: phone ? "+34611000001" : null,
              phoneRaw: phone ? "611000001" : null,
              duplicateOfId,
            }),
          );
          expect(reasons.map((reason) => reason.label)).toEqual(codes.map((code) => REASON_TEXT[code].label));
          const urls = reasons.flatMap((reason) => (reason.action ? [reason.action.url] : []));
          expect(new Set(urls).size).toBe(urls.length);
          for (const url of urls) {
            expect(url).toMatch(
              /^\/app\/(capture|contacts\/other-id|export\?segment=(sms_only|email_only)#re-permission)$/,
            );
          }
          if (!phone) expect(reasons.some((reason) => /correct the number/i.test(reason.remedy))).toBe(false);
        },
      ),
    );
  });
});

describe("the readiness check", () => {
  const base = { groups: [], texts: [{ inUseAt: ["storefront"], namesWhatsApp: true, namesBrand: true }] };
  const pass = (checks: ReturnType<typeof readinessChecks>) =>
    Object.fromEntries(checks.map((check) => [check.id, check.pass]));

  it("fails, with the capture setup as the fix, when nothing is live and nobody is exportable", () => {
    const checks = readinessChecks({ ...base, exportable: 0, captureLive: false });
    expect(pass(checks)).toMatchObject({ capture_live: false, exportable: false });
    expect(checks.filter((check) => !check.pass).every((check) => check.fixUrl === "/app/capture")).toBe(
      true,
    );
  });

  it("passes both once a capture point is live and someone is exportable", () => {
    const groups = [{ segment: "whatsapp_substantiated" as const, reasons: [], count: 3 }];
    expect(pass(readinessChecks({ ...base, groups, exportable: 3, captureLive: true }))).toMatchObject({
      capture_live: true,
      exportable: true,
    });
  });
});

describe("a phone typed the national way", () => {
  it("maps to the E.164 numbers it is valid for, and only for national-looking input", () => {
    expect(nationalCandidates("0809 985 0632")).toContain("+2348099850632");
    expect(nationalCandidates("611 000 002")).toContain("+34611000002");
    expect(nationalCandidates("+34 611 000 002")).toEqual([]);
    expect(nationalCandidates("0809")).toEqual([]);
  });
});
