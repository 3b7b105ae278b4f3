/**
 * The development server (`npm run dev`, `npm run demo`) starts the write-back
 * sweep when it listens and stops it when it closes, as server.js does in
 * production: a real Vite dev server with the app's plugin.
 */
import { createServer, type ViteDevServer } from "vite";
import { afterAll, describe, expect, it } from "vitest";
import { backgroundWork } from "../../app/jobs/background.server";
import { backgroundJobs } from "../../app/jobs/dev-server";

let server: ViteDevServer | null = null;
afterAll(() => server?.close());

async function until(check: () => boolean): Promise<boolean> {
  for (let attempt = 0; attempt < 300 && !check(); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

describe("the dev server's background jobs", () => {
  it("start when it listens and stop when it closes", async () => {
    expect(backgroundWork().timers).toEqual([]);
    server = await createServer({
      configFile: false,
      appType: "custom",
      root: process.cwd(),
      logLevel: "silent",
      server: { port: 0, host: "127.0.0.1", hmr: false, ws: false },
      optimizeDeps: { noDiscovery: true, include: [] },
      plugins: [backgroundJobs()],
    });
    await server.listen();
    // The jobs module is loaded through the dev server after it listens; its state is the process's.
    expect(await until(() => backgroundWork().timers.includes("write-back sweep"))).toBe(true);
    expect(backgroundWork().timers).toEqual(
      expect.arrayContaining(["refusal-count pruning", "replay-marker sweep"]),
    );
    await server.close();
    server = null;
    expect(await until(() => backgroundWork().timers.length === 0)).toBe(true);
  });
});
