#!/usr/bin/env node
/**
 * The production HTTP server (`npm start`): the Remix build behind Express,
 * as remix-serve serves it (NODE_ENV production by default, compression,
 * hashed assets cached for a year, graceful stop on SIGTERM), with its own
 * access log. remix-serve's log
 * printed every URL whole, query string included, and our query strings
 * carry what must not reach a log: the shopper's Shopify customer id on App
 * Proxy requests (`logged_in_customer_id`), the admin's session token
 * (`id_token`), OAuth codes. This log has method, path, status and time only.
 *
 * Request bodies are bounded before anything reads them: each address has a
 * byte limit (app/http/body-limits.ts, reached through the build's
 * entry.server); a declared Content-Length over it gets 413 at once, a
 * chunked body is counted as it streams to Remix and cut with 413 at the
 * limit. Remix's Express adapter hands Remix the raw request stream, so the
 * request is built here instead, from the counted stream. The connection's
 * own address goes to the app in X-WA-Peer-Address (any value a client sent
 * is replaced), from which it derives the client behind TRUST_PROXY_HOPS.
 *
 *   node server.js [build/server/index.js]     # PORT (3000), HOST (all interfaces)
 */
import path from "node:path";
import { Transform } from "node:stream";
import { pathToFileURL } from "node:url";
import {
  createReadableStreamFromReadable,
  createRequestHandler,
  installGlobals,
  writeReadableStreamToWritable,
} from "@remix-run/node";
import compression from "compression";
import express from "express";

// As remix-serve did: production unless told otherwise. The app's env checks, its log level,
// React's server build and Express's error pages all read it.
process.env.NODE_ENV ??= "production";

const buildPath = path.resolve(process.argv[2] ?? "build/server/index.js");
const build = await import(pathToFileURL(buildPath).href);
installGlobals({ nativeFetch: true });
const { bodyLimitFor, tooLargeBody, getShopify, startJobs, stopJobs } = build.entry.module;
// The environment is read and the Shopify app built now: a missing variable stops the server here.
getShopify();
const PEER_HEADER = "x-wa-peer-address";

/** 413 (the connection is then closed: see closeUnfinished). */
function refuseTooLarge(response, limit) {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(413, { "Content-Type": "application/json" });
  response.end(tooLargeBody(limit));
}

/** How long, and how much more, a client still sending a refused body is read (and dropped). */
const LINGER_MS = 1000;
const LINGER_BYTES = 1024 * 1024;

/**
 * A request answered before its body was all read: the connection is closed
 * after the answer. Closing at once would make the client's network stack
 * discard the answer (a reset while it is still sending); a short, bounded
 * wait lets it read the answer, and no more than LINGER_BYTES are dropped.
 */
function closeUnfinished(request) {
  const socket = request.socket;
  socket.end();
  let dropped = 0;
  request.unpipe();
  request.on("data", (chunk) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) socket.destroy();
  });
  request.resume();
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

/** The request body as Remix will read it: counted, and cut at the limit. */
function boundedBody(request, limit, overLimit) {
  let received = 0;
  const counter = new Transform({
    transform(chunk, _encoding, callback) {
      received += chunk.length;
      if (received <= limit) return callback(null, chunk);
      overLimit();
      callback(new Error("request body over its limit"));
    },
  });
  request.once("error", (error) => counter.destroy(error));
  request.pipe(counter);
  return createReadableStreamFromReadable(counter);
}

/** As @remix-run/express builds it, with the bounded body and the peer address. */
function remixRequest(request, response) {
  const url = new URL(`${request.protocol}://${request.get("host")}${request.originalUrl}`);
  const controller = new AbortController();
  const headers = new Headers();
  for (const [name, values] of Object.entries(request.headers)) {
    for (const value of Array.isArray(values) ? values : [values]) if (value) headers.append(name, value);
  }
  headers.set(PEER_HEADER, request.socket.remoteAddress ?? "");
  const init = { method: request.method, headers, signal: controller.signal };
  if (request.method !== "GET" && request.method !== "HEAD") {
    const limit = bodyLimitFor(request.path);
    init.body = boundedBody(request, limit, () => {
      refuseTooLarge(response, limit);
      // Aborted first, so the action reading the body is not logged as an error.
      controller.abort();
    });
    init.duplex = "half";
  }
  let answered = false;
  response.once("finish", () => {
    answered = true;
  });
  // Stops loaders and actions once nothing can be sent any more (a client gone, a 413 sent).
  response.once("close", () => answered || controller.abort());
  return new Request(url.href, init);
}

/** As @remix-run/express sends it. */
async function sendRemixResponse(response, answer) {
  response.statusMessage = answer.statusText;
  response.status(answer.status);
  for (const [name, value] of answer.headers.entries()) response.append(name, value);
  if (answer.headers.get("Content-Type")?.match(/text\/event-stream/i)) response.flushHeaders();
  if (answer.body) await writeReadableStreamToWritable(answer.body, response);
  else response.end();
}

const handleRemix = createRequestHandler(build, process.env.NODE_ENV);

const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
app.use((request, response, next) => {
  const started = performance.now();
  response.once("finish", () => {
    const pathOnly = request.originalUrl.split("?")[0];
    const ms = (performance.now() - started).toFixed(1);
    process.stdout.write(`${request.method} ${pathOnly} ${response.statusCode} ${ms} ms\n`);
  });
  next();
});
// Before anything that could read a body: a declared length over the limit is refused unread.
app.use((request, response, next) => {
  // Answered before the body was all read (a refusal, a 413): the rest is not waited for nor drained.
  response.once("finish", () => request.complete || closeUnfinished(request));
  const declared = request.headers["content-length"];
  const limit = bodyLimitFor(request.path);
  if (declared !== undefined && Number(declared) > limit) return refuseTooLarge(response, limit);
  next();
});
app.all("*", async (request, response, next) => {
  try {
    const answer = await handleRemix(remixRequest(request, response), {});
    // Already answered (413 mid-body) or the client is gone: nothing more to send.
    if (response.headersSent || response.destroyed) return;
    await sendRemixResponse(response, answer);
  } catch (error) {
    if (response.headersSent) return response.destroy();
    next(error);
  }
});

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST;
const onListen = () => console.log(`listening on http://${host ?? "localhost"}:${port}`);
const server = host ? app.listen(port, host, onListen) : app.listen(port, onListen);
// The write-back sweep and the work requests hand off (app/jobs/).
startJobs();
for (const signal of ["SIGTERM", "SIGINT"]) {
  // Stops accepting and stops the timers; open requests and background runs finish, then the
  // process exits on its own.
  process.once(signal, () => {
    server.close((error) => error && console.error(error));
    stopJobs().catch((error) => console.error(error));
  });
}
