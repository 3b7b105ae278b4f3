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
 *   node server.js [build/server/index.js]     # PORT (3000), HOST (all interfaces)
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";

// As remix-serve did: production unless told otherwise. The app's env checks, its log level,
// React's server build and Express's error pages all read it.
process.env.NODE_ENV ??= "production";

const buildPath = path.resolve(process.argv[2] ?? "build/server/index.js");
const build = await import(pathToFileURL(buildPath).href);
installGlobals({ nativeFetch: build.future.v3_singleFetch });

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
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST;
const onListen = () => console.log(`listening on http://${host ?? "localhost"}:${port}`);
const server = host ? app.listen(port, host, onListen) : app.listen(port, onListen);
for (const signal of ["SIGTERM", "SIGINT"]) {
  // Stops accepting; open requests finish, then the process exits on its own.
  process.once(signal, () => server.close((error) => error && console.error(error)));
}
