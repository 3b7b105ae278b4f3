/**
 * The rate limiter as the public routes use it: a key's requests past its
 * allowance within the minute are refused, other keys and other allowances
 * keep their own counts, instances sharing a Redis count together, and a
 * Redis that cannot be reached never lifts the limit (the instance counts
 * on its own). The Redis is the one .ci/run starts (127.0.0.1:6379, as
 * test/security/rate-limits-shared.test.ts uses); each test has keys of its own.
 */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
/** A port nothing listens on: a Redis that is away. */
const UNREACHABLE_REDIS = "redis://127.0.0.1:1";

/** Every instance a test made, closed after it: no Redis connection outlives its test. */
const opened: { closeRateLimits: () => Promise<void> }[] = [];

/** A fresh copy of the module (its own limiters and Redis connection), as one app instance would have. */
async function instance(env: Record<string, string | undefined>) {
  vi.resetModules();
  const saved = { ...process.env };
  Object.assign(process.env, {
    SHOPIFY_API_KEY: "k",
    SHOPIFY_API_SECRET: "s",
    SHOPIFY_APP_URL: "https://app.example.test",
  });
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const module = await import("./rate-limit.server");
  const { appEnv } = await import("../env.server");
  appEnv(); // read now, while this instance's environment is set
  process.env = saved;
  opened.push(module);
  return module;
}

/** How many of `count` requests against `key` were refused, in order. */
async function refusals(
  rateLimited: (key: string, perMinute: number) => Promise<boolean>,
  key: string,
  perMinute: number,
  count: number,
) {
  const answers: boolean[] = [];
  for (let i = 0; i < count; i += 1) answers.push(await rateLimited(key, perMinute));
  return answers;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((module) => module.closeRateLimits()));
  vi.resetModules();
});

describe("rate limits in memory (no REDIS_URL)", () => {
  it("the 21st request from one key within the minute is refused at an allowance of 20, and so is every later one", async () => {
    const { rateLimited } = await instance({ REDIS_URL: undefined });
    const answers = await refusals(rateLimited, "client:shop:203.0.113.0", 20, 23);
    expect(answers.indexOf(true)).toBe(20);
    expect(answers.slice(20)).toEqual([true, true, true]);
  });

  it("each key has its own count, and each allowance its own limiter", async () => {
    const { rateLimited } = await instance({ REDIS_URL: undefined });
    expect(await refusals(rateLimited, "a", 2, 3)).toEqual([false, false, true]);
    expect(await refusals(rateLimited, "b", 2, 2)).toEqual([false, false]);
    // The same key under a larger allowance is counted apart: a per-shop limit is not used up by per-client traffic.
    expect(await refusals(rateLimited, "a", 3, 4)).toEqual([false, false, false, true]);
  });
});

describe("rate limits in a shared Redis", () => {
  it("two instances count one client together: 20 in all, not 20 at each", async () => {
    const prefix = `wa-consent-unit:${randomUUID()}:`;
    const first = await instance({ REDIS_URL, REDIS_KEY_PREFIX: prefix });
    const second = await instance({ REDIS_URL, REDIS_KEY_PREFIX: prefix });
    const answers: boolean[] = [];
    for (let i = 0; i < 11; i += 1) {
      answers.push(await first.rateLimited("client", 20));
      answers.push(await second.rateLimited("client", 20));
    }
    expect(answers.indexOf(true)).toBe(20);
    expect(answers.slice(20)).toEqual([true, true]);
  });

  it("instances with another key prefix (another environment on the same Redis) keep their own counts", async () => {
    const production = await instance({ REDIS_URL, REDIS_KEY_PREFIX: `wa-consent-unit:${randomUUID()}:` });
    const staging = await instance({ REDIS_URL, REDIS_KEY_PREFIX: `wa-consent-unit:${randomUUID()}:` });
    expect(await refusals(production.rateLimited, "client", 2, 3)).toEqual([false, false, true]);
    expect(await refusals(staging.rateLimited, "client", 2, 2)).toEqual([false, false]);
  });

  it("closing an instance quits its connection; its next request opens a fresh one and counts in Redis again", async () => {
    const prefix = `wa-consent-unit:${randomUUID()}:`;
    const first = await instance({ REDIS_URL, REDIS_KEY_PREFIX: prefix });
    const second = await instance({ REDIS_URL, REDIS_KEY_PREFIX: prefix });
    expect(await refusals(first.rateLimited, "client", 3, 2)).toEqual([false, false]);
    await first.closeRateLimits();
    // Counted together with the other instance again: the reopened connection reaches the same Redis.
    expect(await refusals(first.rateLimited, "client", 3, 1)).toEqual([false]);
    expect(await refusals(second.rateLimited, "client", 3, 2)).toEqual([true, true]);
  });

  it("a Redis that cannot be reached does not lift the limit: the instance counts on its own, without an error in the log", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const { rateLimited } = await instance({ REDIS_URL: UNREACHABLE_REDIS });
      expect(await refusals(rateLimited, "client", 3, 5)).toEqual([false, false, false, true, true]);
      // Connection errors are expected while Redis is away: they must not print on every retry.
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });
});
