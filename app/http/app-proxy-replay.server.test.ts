/**
 * The App Proxy's replay marks, on a migrated SQLite database: a signed URL
 * is good for one use per event; a refused request's mark is forgotten; and
 * now and then (one capture in a hundred) marks older than ten minutes are
 * swept, never one still inside the window. The draw that decides the sweep
 * is pinned here so that both outcomes are seen.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { loadTestApp } from "../../test/helpers/app";
import { forgetReplayMarker, type ProxyContext, refuseReplay } from "./app-proxy.server";

const MINUTE = 60_000;
let app: Awaited<ReturnType<typeof loadTestApp>>;
let signatures = 0;

beforeAll(async () => {
  app = await loadTestApp();
});
afterAll(() => app.cleanup());
afterEach(() => vi.restoreAllMocks());

const proxy = (shop = "replay.myshopify.com"): ProxyContext => {
  signatures += 1;
  return { shop, signature: `signature-${signatures}`, loggedInCustomerId: null };
};

/** The refusal refuseReplay throws, or "accepted". */
async function use(context: ProxyContext, eventId: string) {
  try {
    await refuseReplay(app.db, context, eventId);
    return "accepted";
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    return { status: thrown.status, error: (await thrown.json()).error };
  }
}

const ALREADY_USED = { status: 401, error: "This request did not come from the store: it was already used." };

const markAged = (signature: string, ageMs: number) =>
  app.db.proxySignature.create({
    data: { signature, shop: "replay.myshopify.com", seenAt: new Date(Date.now() - ageMs) },
  });
const marks = async () =>
  (await app.db.proxySignature.findMany({ select: { signature: true } })).map((mark) => mark.signature);

describe("replay marks", () => {
  it("a signed URL is accepted once per event; the same URL with another event, or another URL, is accepted", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const first = proxy();
    expect(await use(first, "event-1")).toBe("accepted");
    expect(await use(first, "event-1")).toEqual(ALREADY_USED);
    expect(await use(first, "event-2")).toBe("accepted");
    expect(await use(proxy(), "event-1")).toBe("accepted");
    const mark = await app.db.proxySignature.findUniqueOrThrow({
      where: { signature: `${first.signature}:event-1` },
    });
    expect(mark.shop).toBe("replay.myshopify.com");
  });

  it("a forgotten mark lets the same URL and event through again; the URL's other events stay marked", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const context = proxy();
    expect(await use(context, "event-1")).toBe("accepted");
    expect(await use(context, "event-2")).toBe("accepted");
    await forgetReplayMarker(app.db, context, "event-1");
    expect(await use(context, "event-1")).toBe("accepted");
    expect(await use(context, "event-2")).toEqual(ALREADY_USED);
  });

  it("a sweep removes marks older than ten minutes and keeps younger ones, so a replay inside the window is still refused", async () => {
    const context = proxy();
    await markAged(`${context.signature}:young`, 9 * MINUTE);
    await markAged(`${context.signature}:old`, 11 * MINUTE);
    vi.spyOn(Math, "random").mockReturnValue(0);
    expect(await use(context, "sweeping")).toBe("accepted");
    const left = await marks();
    expect(left).toContain(`${context.signature}:young`);
    expect(left).toContain(`${context.signature}:sweeping`);
    expect(left).not.toContain(`${context.signature}:old`);
    expect(await use(context, "young")).toEqual(ALREADY_USED);
  });

  it("a draw of 0.01 or more sweeps nothing: old marks stay until a draw under 0.01", async () => {
    const context = proxy();
    await markAged(`${context.signature}:old`, 11 * MINUTE);
    const draw = vi.spyOn(Math, "random").mockReturnValue(0.01);
    expect(await use(context, "not-sweeping")).toBe("accepted");
    expect(await marks()).toContain(`${context.signature}:old`);
    draw.mockReturnValue(0.009);
    expect(await use(context, "sweeping")).toBe("accepted");
    expect(await marks()).not.toContain(`${context.signature}:old`);
  });
});
