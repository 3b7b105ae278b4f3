/**
 * The development server (`npm run demo`) with a download that fails after
 * its first byte: Vite's own error page used to be written into the rest of
 * the file, which then ended normally. A real Vite dev server, with a route
 * that streams half a file and then fails the way Remix's adapter does
 * (next(error) once the body broke).
 */
import type { AddressInfo } from "node:net";
import { createServer, type Plugin, type ViteDevServer } from "vite";
import { afterEach, describe, expect, it } from "vitest";
import { cutBrokenDownloads } from "../../app/http/cut-broken-downloads";

const halfFile: Plugin = {
  name: "half-file",
  configureServer(server) {
    return () => {
      server.middlewares.use((request, response, next) => {
        if (request.url !== "/export.csv") return next();
        response.setHeader("content-type", "text/csv");
        response.write("phone_e164\r\n+34611000001\r\n");
        setTimeout(() => next(new Error("database went away")), 50);
      });
    };
  },
};

let server: ViteDevServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function fetchWith(plugins: Plugin[]) {
  server = await createServer({
    configFile: false,
    appType: "custom", // as the Remix plugin sets it
    root: process.cwd(),
    logLevel: "silent",
    server: { port: 0, host: "127.0.0.1", hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
    plugins,
  });
  await server.listen();
  const address = server.httpServer?.address() as AddressInfo | null;
  if (!address) throw new Error("the dev server is not listening");
  const { port } = address;
  const response = await fetch(`http://127.0.0.1:${port}/export.csv`);
  let text = "";
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const chunk = await (reader as ReadableStreamDefaultReader<Uint8Array>).read();
      if (chunk.done) return { text, complete: true };
      text += decoder.decode(chunk.value, { stream: true });
    }
  } catch {
    return { text, complete: false };
  }
}

describe("a download that fails after its first byte on the development server", () => {
  it("without the plugin: the file ends normally with Vite's error page inside (the reported bug)", async () => {
    const result = await fetchWith([halfFile]);
    expect(result.complete).toBe(true);
    expect(result.text).toMatch(/<html/i);
  });

  it("with it: the connection is cut, the client sees an incomplete download and nothing is appended", async () => {
    const result = await fetchWith([halfFile, cutBrokenDownloads()]);
    expect(result.complete).toBe(false);
    expect(result.text).toBe("phone_e164\r\n+34611000001\r\n");
  });
});
