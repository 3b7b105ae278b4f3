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

/** How many connections to the test Redis carry this name (CLIENT LIST, read by a connection of its own). */
async function connectionsNamed(name: string): Promise<number> {
  const { Redis } = await import("ioredis");
  const probe = new Redis(REDIS_URL);
  try {
    const list = (await probe.client("LIST")) as string;
    return list.split("\n").filter((line) => line.split(" ").includes(`name=${name}`)).length;
  } finally {
    probe.disconnect();
  }
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

  it("an instance keeps one Redis connection however many requests it counts, and closing it leaves none", async () => {
    const prefix = `wa-consent-unit:${randomUUID()}:`;
    const { rateLimited, closeRateLimits } = await instance({ REDIS_URL, REDIS_KEY_PREFIX: prefix });
    await refusals(rateLimited, "client", 100, 10);
    await refusals(rateLimited, "other", 50, 5);
    expect(await connectionsNamed(`${prefix}rate-limits`)).toBe(1);
    await closeRateLimits();
    expect(await connectionsNamed(`${prefix}rate-limits`)).toBe(0);
  });

  it("a request waits for the first connection only until Redis is ready, not for the whole allowance of that wait", async () => {
    const { rateLimited } = await instance({
      REDIS_URL,
      REDIS_KEY_PREFIX: `wa-consent-unit:${randomUUID()}:`,
    });
    const started = performance.now();
    await rateLimited("client", 5);
    // The first-connection wait gives up after 2 s; a local Redis is ready in a few milliseconds.
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it("while Redis is away a request is counted here at once, never queued for the command timeout", async () => {
    const { rateLimited } = await instance({ REDIS_URL: UNREACHABLE_REDIS });
    await rateLimited("client", 100); // waits out the first connection once
    const started = performance.now();
    await refusals(rateLimited, "client", 100, 8);
    // Queued, each would wait the 250 ms command timeout: 2 s for eight.
    expect(performance.now() - started).toBeLessThan(1000);
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
