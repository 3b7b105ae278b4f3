/**
 * The capture page's "send a test opt-in", on a migrated database with real
 * App Proxy signing: it is refused while no storefront wording is saved and
 * when signed with another secret (so it really goes through the signature
 * check), recorded as a test when it passes, shown on the page with a link
 * to the contact's timeline, and never evidence: not in Group A, not on the
 * re-permission list, not an opt-in on the overview, not a live capture point.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDashboard } from "../../app/admin/dashboard.server";
import { setupFacts } from "../../app/admin/setup-facts.server";
import { refusalsLastDay } from "../../app/capture/refusals.server";
import { groupARows } from "../../app/export/group-a.server";
import { rePermissionRows } from "../../app/export/re-permission.server";
import { handleStorefrontCapture } from "../../app/http/storefront-capture.server";
import { sendTestOptIn } from "../../app/http/test-opt-in.server";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import * as capturePage from "../../app/routes/app.capture";
import * as contactPage from "../../app/routes/app.contacts.$id";
import { optInBody, signedProxyRequest } from "../../tools/support/app-proxy";
import { loadTestApp, TEST_API_SECRET, TEST_SHOP } from "../helpers/app";

const WORDING =
  "Send me offers and news from Acme Coffee on WhatsApp. Reply STOP to unsubscribe at any time.";
let app: Awaited<ReturnType<typeof loadTestApp>>;

beforeAll(async () => {
  app = await loadTestApp({ NODE_ENV: "test", DEMO_MODE: "1", DEMO_SHOP: TEST_SHOP });
  await app.db.shop.create({ data: { domain: TEST_SHOP, brandName: "Acme Coffee", defaultCountry: "ES" } });
});
afterAll(() => app.cleanup());

async function pressSend(): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  form.set("intent", "test_opt_in");
  const answer = await capturePage.action({
    request: new Request("http://localhost/app/capture", { method: "POST", body: form }),
    params: {},
    context: {},
  });
  return answer instanceof Response
    ? { status: answer.status, body: await answer.json() }
    : { status: 200, body: answer as Record<string, unknown> };
}

const loadCapturePage = () =>
  capturePage.loader({ request: new Request("http://localhost/app/capture"), params: {}, context: {} });

describe("send a test opt-in", () => {
  it("is refused with what to do while the storefront has no wording, and records nothing", async () => {
    const sent = await pressSend();
    expect(sent.status).toBe(422);
    expect(sent.body.error).toMatch(/Save the wording your storefront shows/);
    expect(await app.db.consentEvent.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect((await loadCapturePage()).lastTest).toBeNull();
  });

  it("signed with another secret, fails Shopify's signature check like any forged request", async () => {
    expect(await setConsentTextInUse(app.db, TEST_SHOP, "storefront", WORDING)).toMatchObject({ ok: true });
    const before = (await refusalsLastDay(app.db, TEST_SHOP)).bad_signature;
    const sent = await sendTestOptIn(app.db, TEST_SHOP, { apiSecret: `${TEST_API_SECRET}-not` });
    expect(sent).toMatchObject({ ok: false, message: expect.stringMatching(/did not come from the store/) });
    expect(await app.db.consentEvent.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect((await refusalsLastDay(app.db, TEST_SHOP)).bad_signature).toBe(before + 1);
  });

  it("cannot be sent by a shopper: a signed storefront request with the test source is refused, nothing recorded", async () => {
    expect(await setConsentTextInUse(app.db, TEST_SHOP, "storefront", WORDING)).toMatchObject({ ok: true });
    const request = await signedProxyRequest(
      "/proxy/optin",
      optInBody({ source: "test_opt_in", consentText: WORDING }),
    );
    const answer = await handleStorefrontCapture(request, "optin");
    expect(answer.status).toBe(400);
    expect((await answer.json()).error).toMatch(/source/);
    expect(await app.db.consentEvent.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect((await loadCapturePage()).lastTest).toBeNull();
  });

  it("is recorded as a test with the storefront wording and shown on the page and in the timeline", async () => {
    const sent = await pressSend();
    expect(sent.status).toBe(200);
    const { contactId, eventId } = sent.body.sent as { contactId: string; eventId: string };
    const event = await app.db.consentEvent.findFirstOrThrow({
      where: { shop: TEST_SHOP, id: eventId },
      include: { consentText: true },
    });
    expect(event).toMatchObject({
      contactId,
      channel: "whatsapp",
      action: "opt_in",
      sourceKind: "test_opt_in",
      captureMethod: "checkbox",
    });
    expect(event.consentText?.text).toBe(WORDING);
    const page = await loadCapturePage();
    expect(page.lastTest).toEqual({ recordedAt: event.recordedAt.toISOString(), contactId });
    const detail = await contactPage.loader({
      request: new Request(`http://localhost/app/contacts/${contactId}`),
      params: { id: contactId },
      context: {},
    });
    expect(detail.events.map((entry) => [entry.id, entry.sourceKind])).toEqual([[eventId, "test_opt_in"]]);
  });

  it("never counts: the contact is unclear, in no export, no opt-in on the overview, no live capture point", async () => {
    await pressSend();
    const tests = await app.db.consentEvent.findMany({
      where: { shop: TEST_SHOP, sourceKind: "test_opt_in" },
    });
    expect(tests).toHaveLength(2);
    const contacts = await app.db.contact.findMany({ where: { shop: TEST_SHOP } });
    expect(contacts.map((contact) => [contact.phoneE164, contact.segment])).toEqual([
      ["+12015550123", "unclear"],
    ]);
    const groupA = [];
    for await (const row of groupARows(app.db, TEST_SHOP)) groupA.push(row);
    const rePermission = [];
    for await (const row of rePermissionRows(app.db, TEST_SHOP)) rePermission.push(row);
    expect([groupA, rePermission]).toEqual([[], []]);
    const dashboard = await loadDashboard(app.db, TEST_SHOP);
    expect(dashboard.optIns.flatMap((day) => Object.values(day.counts))).toEqual([]);
    const facts = await setupFacts(app.db, TEST_SHOP);
    expect([facts.captureLive, facts.exportable]).toEqual([false, 0]);
    // No write-back to Shopify and no confirmation code: a test touches no customer.
    expect(await app.db.writeBackTask.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect(await app.db.doubleOptInCode.count({ where: { shop: TEST_SHOP } })).toBe(0);
  });
});
