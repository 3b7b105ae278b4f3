/**
 * turbo-stream 2 (pinned by Remix v2, reported vulnerable, fixed only in a
 * major version Remix v2 cannot use) is off the wire: single fetch is off,
 * so the production build answers no data request in turbo-stream
 * (`text/x-script`); loaders answer `?_data=` requests with JSON.
 * docs/decisions/008-remix-v2-end-of-life.md.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CaptureServer,
  freePort,
  prepareCaptureDatabase,
  startCaptureServer,
} from "../../tools/support/capture-server";
import { freshDatabaseUrl } from "../helpers/database";

let database: { url: string; dispose: () => Promise<void> };
let server: CaptureServer;

beforeAll(async () => {
  database = await freshDatabaseUrl();
  await prepareCaptureDatabase(database.url);
  server = await startCaptureServer({ databaseUrl: database.url, port: await freePort() });
});
afterAll(async () => {
  await server?.kill();
  await database?.dispose();
});

describe("no turbo-stream on the wire", () => {
  it.each(["/.data", "/_root.data", "/_index.data", "/app.data", "/app/contacts.data", "/proxy/optin.data"])(
    "GET %s is not answered in turbo-stream",
    async (path) => {
      const response = await fetch(`${server.url}${path}`, { redirect: "manual" });
      await response.arrayBuffer();
      expect(response.headers.get("content-type") ?? "").not.toMatch(/text\/x-script/);
    },
  );

  it("a document carries its data as JSON, not as a turbo-stream", async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    expect(html).toContain("window.__remixContext");
    expect(html).not.toContain("streamController");
  });

  it("a POST to a single-fetch address is not answered in turbo-stream either", async () => {
    const response = await fetch(`${server.url}/app/consent-texts.data`, { method: "POST", body: "a=1" });
    await response.arrayBuffer();
    expect(response.headers.get("content-type") ?? "").not.toMatch(/text\/x-script/);
  });
});
