import type { Plugin } from "vite";

/** The module whose startJobs and stopJobs server.js calls in production. */
const JOBS = "/app/jobs/jobs.server.ts";

/**
 * The dev server's background jobs (`npm run dev`, `npm run demo`), started
 * and stopped with the dev server as server.js does in production. Loaded
 * through the dev server, so the jobs share its modules (and its database
 * client) with the requests it serves.
 */
export function backgroundJobs(): Plugin {
  return {
    name: "wa-consent-background-jobs",
    apply: "serve",
    configureServer(server) {
      let jobs: typeof import("./jobs.server") | undefined;
      const fail = (step: string) => (error: unknown) =>
        server.config.logger.error(`background jobs did not ${step}: ${error}`);
      server.httpServer?.once("listening", () => {
        server
          .ssrLoadModule(JOBS)
          .then((loaded) => {
            jobs = loaded as typeof jobs;
            jobs?.startJobs();
          })
          .catch(fail("start"));
      });
      server.httpServer?.once("close", () => void jobs?.stopJobs().catch(fail("stop")));
    },
  };
}
