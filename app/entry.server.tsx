import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { describeError } from "./http/redact";
import { addDocumentSecurityHeaders } from "./http/security-headers";
import { addDocumentResponseHeaders } from "./shopify.server";

const STREAM_TIMEOUT_MS = 5000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  // Shopify's headers for embedded apps (frame-ancestors for the shop's admin, among others).
  addDocumentResponseHeaders(request, responseHeaders);
  // Only when the library set none: frame-ancestors for Shopify's admin, nosniff, referrer policy.
  addDocumentSecurityHeaders(responseHeaders);
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [readyEvent]: () => {
        const body = new PassThrough();
        responseHeaders.set("Content-Type", "text/html");
        resolve(
          new Response(createReadableStreamFromReadable(body), {
            headers: responseHeaders,
            status: responseStatusCode,
          }),
        );
        pipe(body);
      },
      onShellError: reject,
      onError: (error: unknown) => {
        responseStatusCode = 500;
        console.error(describeError(error));
      },
    });
    // Unref: left behind once the page is sent, it must not keep a stopping server alive.
    setTimeout(abort, STREAM_TIMEOUT_MS + 1000).unref();
  });
}

export const streamTimeout = STREAM_TIMEOUT_MS;

/**
 * Errors thrown by loaders and actions (Remix would print them whole):
 * logged with phones and emails taken out. Aborted requests are not errors.
 */
export function handleError(error: unknown, { request }: { request: Request }): void {
  if (request.signal.aborted) return;
  console.error(describeError(error));
}

/** For server.js: the byte limit of each address, enforced before anything reads a body. */
export { bodyLimitFor, tooLargeBody } from "./http/body-limits";
/** For server.js: the background jobs' lifecycle, and the Shopify app built (and the environment checked) at boot. */
export { startJobs, stopJobs } from "./jobs/jobs.server";
export { getShopify } from "./shopify.server";
