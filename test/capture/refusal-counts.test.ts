/**
 * Refused captures counted for the capture page, on a migrated database with
 * real App Proxy signing: each reason is counted per shop and hour, bad
 * signatures only for an installed shop (their shop parameter is unproven),
 * the page shows the last 24 hours, the table holds counts and nothing
 * personal, and shop/redact removes it with the rest of the shop.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REFUSAL_REASONS } from "../../app/capture/refusal-reasons";
import { pruneRefusalCounts, refusalsLastDay } from "../../app/capture/refusals.server";
import { handleShopRedact } from "../../app/compliance/compliance.server";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import * as capturePage from "../../app/routes/app.capture";
import * as optin from "../../app/routes/proxy.optin";
import {
  freshProxyParams,
  manuallySignedProxyRequest,
  optInBody,
  proxyRequestWithQuery,
  signedProxyRequest,
} from "../../tools/support/app-proxy";
import { loadTestApp, TEST_SHOP } from "../helpers/app";
import { callAction } from "../helpers/webhooks";

const PER_CLIENT = 6;
const UNINSTALLED = "gone-coffee.myshopify.com";
let app: Awaited<ReturnType<typeof loadTestApp>>;

beforeAll(async () => {
  app = await loadTestApp({
    NODE_ENV: "test",
    DEMO_MODE: "1",
    DEMO_SHOP: TEST_SHOP,
    RATE_LIMIT_PER_CLIENT: String(PER_CLIENT),
  });
  await app.db.shop.create({ data: { domain: TEST_SHOP, brandName: "Acme Coffee", defaultCountry: "ES" } });
  await app.db.shop.create({ data: { domain: UNINSTALLED, uninstalledAt: new Date() } });
  const text = optInBody().consentText;
  expect(await setConsentTextInUse(app.db, TEST_SHOP, "storefront", text)).toMatchObject({ ok: true });
});
afterAll(() => app.cleanup());

const counts = () => refusalsLastDay(app.db, TEST_SHOP);
const post = (request: Request) => callAction(optin.action, request);
const forgedFor = (shop: string) =>
  proxyRequestWithQuery(
    "/proxy/optin",
    freshProxyParams().map(([key, value]) => [key, key === "shop" ? shop : value] as [string, string]),
    { body: JSON.stringify(optInBody()), secret: "not-the-app-secret" },
  );

describe("refused captures", () => {
  it("counts wording the store does not show as wrong wording", async () => {
    const before = await counts();
    const answer = await post(
      await signedProxyRequest(
        "/proxy/optin",
        optInBody({ consentText: "WhatsApp offers from Acme Coffee?" }),
      ),
    );
    expect(answer.status).toBe(422);
    expect(await counts()).toEqual({ ...before, wrong_wording: before.wrong_wording + 1 });
  });

  it("counts an unticked box, an unreadable phone and a broken body as invalid input", async () => {
    const before = await counts();
    const answers = [
      await post(await signedProxyRequest("/proxy/optin", optInBody({ consent: false }))),
      await post(await signedProxyRequest("/proxy/optin", optInBody({ phone: "12345" }))),
      await post(proxyRequestWithQuery("/proxy/optin", freshProxyParams(), { body: "{oops" })),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([400, 422, 400]);
    expect(await counts()).toEqual({ ...before, invalid_input: before.invalid_input + answers.length });
  });

  it("counts bad signatures for an installed shop only: not for unknown, uninstalled or malformed shops", async () => {
    const before = await counts();
    const stale = manuallySignedProxyRequest(
      "/proxy/optin",
      optInBody(),
      Math.floor(Date.now() / 1000) - 3600,
    );
    const answers = [
      await post(forgedFor(TEST_SHOP)),
      await post(stale),
      await post(forgedFor("nobody-here.myshopify.com")),
      await post(forgedFor(UNINSTALLED)),
      await post(forgedFor("evil.example.com")),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401]);
    expect(await counts()).toEqual({ ...before, bad_signature: before.bad_signature + 2 });
    const shops = await app.db.captureRefusal.findMany({ distinct: ["shop"], select: { shop: true } });
    expect(shops).toEqual([{ shop: TEST_SHOP }]);
  });

  it("counts a replayed signed request as a bad signature", async () => {
    const before = await counts();
    const body = optInBody();
    const fresh = manuallySignedProxyRequest("/proxy/optin", body, Math.floor(Date.now() / 1000));
    const replay = new Request(fresh.url, { method: "POST", body: JSON.stringify(body) });
    expect((await post(fresh)).status).toBe(201);
    expect((await post(replay)).status).toBe(401);
    expect(await counts()).toEqual({ ...before, bad_signature: before.bad_signature + 1 });
  });

  it("counts requests past a client's allowance as rate limited", async () => {
    const before = await counts();
    // A client of its own (another address), so earlier tests do not use up its allowance.
    const broken = () =>
      post(
        new Request(proxyRequestWithQuery("/proxy/optin", freshProxyParams(), { body: "[]" }), {
          headers: { "content-type": "application/json", "x-forwarded-for": "192.0.2.44" },
        }),
      );
    const statuses: number[] = [];
    for (let sent = 0; sent < PER_CLIENT + 2; sent++) statuses.push((await broken()).status);
    expect(statuses.filter((status) => status === 429)).toHaveLength(2);
    expect(await counts()).toEqual({
      ...before,
      invalid_input: before.invalid_input + PER_CLIENT,
      rate_limited: before.rate_limited + 2,
    });
  });

  it("shows the last 24 hours on the capture page, and keeps counts only", async () => {
    const now = await counts();
    await app.db.captureRefusal.create({
      data: {
        shop: TEST_SHOP,
        reason: "wrong_wording",
        hour: new Date(Date.now() - 25 * 3_600_000),
        count: 50,
      },
    });
    const page = await capturePage.loader({
      request: new Request("http://localhost/app/capture"),
      params: {},
      context: {},
    });
    expect(page.refusals).toEqual(now);
    for (const reason of REFUSAL_REASONS) expect(page.refusals[reason]).toBeGreaterThan(0);
    const row = await app.db.captureRefusal.findFirstOrThrow({ where: { shop: TEST_SHOP } });
    expect(Object.keys(row).sort()).toEqual(["count", "hour", "reason", "shop"]);
    expect(row.hour.getTime() % 3_600_000).toBe(0);
  });

  it("older than a week are pruned for every shop by the hourly job, newer ones kept", async () => {
    const HOUR = 3_600_000;
    const now = new Date(Math.floor(Date.now() / HOUR) * HOUR);
    const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
    await app.db.captureRefusal.createMany({
      data: [
        { shop: TEST_SHOP, reason: "invalid_input", hour: at(7 * 24 + 1), count: 3 },
        { shop: UNINSTALLED, reason: "invalid_input", hour: at(7 * 24 + 5), count: 4 },
        { shop: TEST_SHOP, reason: "invalid_input", hour: at(7 * 24), count: 5 },
        { shop: UNINSTALLED, reason: "rate_limited", hour: at(6 * 24), count: 6 },
      ],
    });
    const before = await app.db.captureRefusal.count();
    expect(await pruneRefusalCounts(app.db, now)).toBe(2);
    expect(await app.db.captureRefusal.count()).toBe(before - 2);
    const oldest = await app.db.captureRefusal.findFirstOrThrow({ orderBy: { hour: "asc" } });
    expect(oldest.hour).toEqual(at(7 * 24));
    expect(await pruneRefusalCounts(app.db, now)).toBe(0);
  });

  it("are erased with the shop on shop/redact", async () => {
    expect(await app.db.captureRefusal.count({ where: { shop: TEST_SHOP } })).toBeGreaterThan(0);
    await handleShopRedact(app.db, TEST_SHOP);
    expect(await app.db.captureRefusal.count({ where: { shop: TEST_SHOP } })).toBe(0);
  });
});
