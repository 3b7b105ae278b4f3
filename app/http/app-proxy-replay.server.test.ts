/**
 * The App Proxy's replay markers, on a migrated SQLite database: one marker
 * per signed URL and event; a refused request's marker is forgotten alone;
 * and the job started with the server sweeps markers older than the ten
 * minutes a signature stays fresh, never one still inside that window. The
 * capture handler's own use of them (a replay refused 401, a corrected retry
 * recorded) is in storefront-capture.server.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTestApp } from "../../test/helpers/app";
import {
  forgetReplayMarker,
  type ProxyContext,
  replayMarker,
  replayRefused,
  sweepReplayMarkers,
} from "./app-proxy.server";

const MINUTE = 60_000;
const SHOP = "replay.myshopify.com";
let app: Awaited<ReturnType<typeof loadTestApp>>;
let signatures = 0;

beforeAll(async () => {
  app = await loadTestApp();
});
afterAll(() => app.cleanup());

const proxy = (): ProxyContext => {
  signatures += 1;
  return { shop: SHOP, signature: `signature-${signatures}`, loggedInCustomerId: null };
};

const mark = (signature: string, seenAt: Date) =>
  app.db.proxySignature.create({ data: { signature, shop: SHOP, seenAt } });
const marks = async () =>
  (await app.db.proxySignature.findMany({ select: { signature: true } })).map((row) => row.signature);

describe("replay markers", () => {
  it("a replayed request is refused 401 in words the caller can act on", async () => {
    const refused = replayRefused();
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({
      error: "This request did not come from the store: it was already used.",
    });
  });

  it("are one per signed URL and event: another event or another URL is another marker", () => {
    const first = proxy();
    expect(replayMarker(first, "event-1")).toBe(replayMarker(first, "event-1"));
    expect(replayMarker(first, "event-2")).not.toBe(replayMarker(first, "event-1"));
    expect(replayMarker(proxy(), "event-1")).not.toBe(replayMarker(first, "event-1"));
  });

  it("forgetting a refused request's marker keeps the same URL's other events marked", async () => {
    const context = proxy();
    await mark(replayMarker(context, "event-1"), new Date());
    await mark(replayMarker(context, "event-2"), new Date());
    await forgetReplayMarker(app.db, context, "event-1");
    const left = await marks();
    expect(left).not.toContain(replayMarker(context, "event-1"));
    expect(left).toContain(replayMarker(context, "event-2"));
  });

  it("the sweep forgets markers older than ten minutes and keeps the rest, the one exactly ten minutes old too", async () => {
    const now = new Date();
    const context = proxy();
    const aged = (minutes: number) => new Date(now.getTime() - minutes * MINUTE);
    await mark(replayMarker(context, "young"), aged(9));
    await mark(replayMarker(context, "edge"), aged(10));
    await mark(replayMarker(context, "old"), aged(11));
    await mark(replayMarker(context, "older"), aged(60));
    expect(await sweepReplayMarkers(app.db, now)).toBe(2);
    const left = await marks();
    expect(left).toEqual(
      expect.arrayContaining([replayMarker(context, "young"), replayMarker(context, "edge")]),
    );
    expect(left).not.toContain(replayMarker(context, "old"));
    expect(left).not.toContain(replayMarker(context, "older"));
    expect(await sweepReplayMarkers(app.db, now)).toBe(0);
  });
});
