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

  it("nor does a flood of keys each sent up to its limit, after the limited key's window restarted", async () => {
    const now = 3_000_000;
    const attacked = `client:${Math.random()}`;
    rateLimited(attacked, 3, now);
    // A new window later: the key must count as young, not as the oldest entry of the table.
    const later = now + 60_000;
    for (let i = 0; i < 5; i++) rateLimited(attacked, 3, later);
    expect(rateLimited(attacked, 3, later)).toBe(true);
    for (let i = 0; i <= MAX_TRACKED_KEYS + 10; i++) {
      for (let sent = 0; sent < 3; sent++) rateLimited(`forged-twice:${i}`, 3, later + 1);
    }
    expect(rateLimited(attacked, 3, later + 2)).toBe(true);
  });
});
