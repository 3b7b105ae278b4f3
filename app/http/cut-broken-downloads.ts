/**
 * Development server only (`remix vite:dev`, which `npm run demo` runs): when
 * a response body fails after its first byte (an export whose database read
 * failed mid-file), Vite's error page would be written into the rest of the
 * body and the body ended normally, so the browser kept a CSV with an HTML
 * page and a stack trace at its end, as if complete. Once headers are sent
 * this cuts the connection instead: the download shows as failed and
 * nothing is appended. The production server (server.js, through
 * @remix-run/express) already destroys the response in that case.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Plugin } from "vite";

export function cutResponseAfterError(
  error: unknown,
  _request: IncomingMessage,
  response: ServerResponse,
  next: (error?: unknown) => void,
): void {
  if (!response.headersSent) {
    next(error);
    return;
  }
  console.error(`Response cut after its first byte: ${(error as Error)?.message ?? String(error)}`);
  response.destroy();
}

export function cutBrokenDownloads(): Plugin {
  return {
    name: "cut-broken-downloads",
    apply: "serve",
    // Returned hook: runs after Remix's request handler is installed, so its errors reach this first.
    configureServer(server) {
      return () => {
        server.middlewares.use(cutResponseAfterError);
      };
    },
  };
}
