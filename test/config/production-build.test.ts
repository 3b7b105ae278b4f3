import { existsSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { BUILD, type CaptureServer, freePort, startCaptureServer } from "../../tools/support/capture-server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

let server: CaptureServer | undefined;
let database: TestDatabase | undefined;

afterAll(async () => {
  await server?.stop();
  await database?.cleanup();
});

describe("the production build", () => {
  it("never signs in to the demo store, even when DEMO_MODE=1 slips into its environment", async () => {
    expect(existsSync(BUILD), "npm test builds the app before running the tests (npm run build)").toBe(true);
    database = await createTestDatabase();
    server = await startCaptureServer({
      databaseUrl: database.url,
      port: await freePort(),
      // Not "production": only the build itself stands between this server and demo sign-in.
      env: { NODE_ENV: "test", DEMO_MODE: "1" },
    });
    const response = await fetch(`${server.url}/app`, { redirect: "manual" });
    expect(response.status).not.toBe(200);
    expect([302, 401, 410]).toContain(response.status);
  });

  it("stops on SIGTERM by itself: the server closes, the background jobs stop, the process exits 0", async () => {
    expect(server, "the server of the test above").toBeDefined();
    // stop() sends SIGTERM and falls back to SIGKILL after 5 s.
    await server?.stop();
    expect(server?.child.signalCode).toBeNull();
    expect(server?.child.exitCode).toBe(0);
  });
});
