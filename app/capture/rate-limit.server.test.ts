import { describe, expect, it } from "vitest";
import { MAX_TRACKED_KEYS, rateLimited } from "./rate-limit.server";

describe("rateLimited", () => {
  it("limits a key past its count within the minute, and lets it go in the next", () => {
    const now = 1_000_000;
    const key = `client:${Math.random()}`;
    expect([1, 2, 3].map(() => rateLimited(key, 3, now))).toEqual([false, false, false]);
    expect(rateLimited(key, 3, now + 1)).toBe(true);
    expect(rateLimited(key, 3, now + 60_000)).toBe(false);
  });

  it("a flood of new keys (forged client addresses) does not reset a key being limited", () => {
    const now = 2_000_000;
    const attacked = `shop:${Math.random()}`;
    for (let i = 0; i < 5; i++) rateLimited(attacked, 3, now);
    expect(rateLimited(attacked, 3, now)).toBe(true);
    for (let i = 0; i <= MAX_TRACKED_KEYS + 10; i++) rateLimited(`forged:${i}`, 3, now + 1);
    expect(rateLimited(attacked, 3, now + 2)).toBe(true);
  });
});
