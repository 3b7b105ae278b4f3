/**
 * Rate limits shared by every instance: two processes of the production
 * build on one database and one Redis (127.0.0.1:6379, started by .ci/run
 * like PostgreSQL) count a client's requests together, at the real default
 * of 20 a minute: a client spreading its requests over both gets 429 after
 * 20 in all, not 20 at each. A Redis that cannot be reached does not lift
 * the limits: the instance counts in memory instead.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CaptureServer,
  freePort,
  prepareCaptureDatabase,
  signedProxyQuery,
  startCaptureServer,
} from "../../tools/support/capture-server";
import { freshDatabaseUrl } from "../helpers/database";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const PER_CLIENT = 20;
let database: { url: string; dispose: () => Promise<void> };
const servers: CaptureServer[] = [];

/** The defaults, not the helper's unlimited ones; this run's own keys in the shared Redis. */
const limits = (redisUrl: string) => ({
  RATE_LIMIT_PER_CLIENT: String(PER_CLIENT),
  RATE_LIMIT_PER_SHOP: "6000",
  REDIS_URL: redisUrl,
  REDIS_KEY_PREFIX: `wa-consent-test:${randomUUID()}:`,
});

async function start(env: Record<string, string>) {
  const server = await startCaptureServer({ databaseUrl: database.url, port: await freePort(), env });
  servers.push(server);
  return server;
}

/** A signed storefront request with a body the route refuses (400): it counts against its client. */
const junk = (server: CaptureServer) =>
  fetch(`${server.url}/proxy/optin?${signedProxyQuery()}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  }).then((response) => response.status);

beforeAll(async () => {
  database = await freshDatabaseUrl();
  await prepareCaptureDatabase(database.url);
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.kill()));
  await database?.dispose();
});

describe("rate limits across instances", () => {
  it("two instances on one Redis count a client's requests together", async () => {
    const env = limits(REDIS_URL);
    const [first, second] = await Promise.all([start(env), start(env)]);
    const statuses: number[] = [];
    for (let index = 0; index <= PER_CLIENT; index++) statuses.push(await junk(index % 2 ? second : first));
    expect(statuses.slice(0, PER_CLIENT)).toEqual(Array(PER_CLIENT).fill(400));
    expect(statuses[PER_CLIENT]).toBe(429);
    expect(await junk(first)).toBe(429);
  }, 60_000);

  it("an instance whose Redis does not answer still limits, in memory", async () => {
    const server = await start(limits(`redis://127.0.0.1:${await freePort()}`));
    const statuses: number[] = [];
    for (let index = 0; index <= PER_CLIENT; index++) statuses.push(await junk(server));
    expect(statuses.slice(0, PER_CLIENT)).toEqual(Array(PER_CLIENT).fill(400));
    expect(statuses[PER_CLIENT]).toBe(429);
  }, 60_000);
});
