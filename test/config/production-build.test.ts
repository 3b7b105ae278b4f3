import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BUILD = path.join(ROOT, "build/server/index.js");
let server: ChildProcess | undefined;
let database: TestDatabase | undefined;

afterAll(async () => {
  server?.kill("SIGTERM");
  await database?.cleanup();
});

async function waitForServer(url: string, child: ChildProcess) {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`the built server exited with ${child.exitCode}`);
    try {
      return await fetch(url, { redirect: "manual" });
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error("the built server did not start");
}

describe("the production build", () => {
  it("never signs in to the demo store, even when DEMO_MODE=1 slips into its environment", async () => {
    expect(existsSync(BUILD), "npm test builds the app before running the tests (npm run build)").toBe(true);
    database = await createTestDatabase();
    const port = 3900 + Math.floor(Math.random() * 90);
    server = spawn(process.execPath, [path.join(ROOT, "server.js"), BUILD], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        // Not "production": only the build itself stands between this server and demo sign-in.
        NODE_ENV: "test",
        DEMO_MODE: "1",
        DATABASE_URL: database.url,
        SHOPIFY_API_KEY: "key",
        SHOPIFY_API_SECRET: "secret",
        SHOPIFY_APP_URL: `http://localhost:${port}`,
      },
      stdio: "ignore",
    });
    const response = await waitForServer(`http://localhost:${port}/app`, server);
    expect(response.status).not.toBe(200);
    expect([302, 401, 410]).toContain(response.status);
  });
});
