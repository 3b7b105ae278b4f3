import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import { cutBrokenDownloads } from "./app/http/cut-broken-downloads";
import { backgroundJobs } from "./app/jobs/dev-server";

export default defineConfig({
  server: {
    host: process.env.HOST ?? "localhost",
    port: Number(process.env.PORT ?? 3000),
  },
  plugins: [
    remix({
      ignoredRouteFiles: ["**/.*", "**/*.test.ts"],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
    cutBrokenDownloads(),
    backgroundJobs(),
  ],
  build: { assetsInlineLimit: 0 },
  // Each demo (the e2e tests start several at once) may keep its own dependency cache.
  cacheDir: process.env.VITE_CACHE_DIR ?? "node_modules/.vite",
  // Pre-bundled up front (every route is scanned at start) so the dev server never reloads a
  // page mid-visit after discovering a dependency.
  optimizeDeps: {
    entries: ["app/root.tsx", "app/routes/**/*.tsx"],
    include: [
      "@shopify/polaris",
      "@shopify/app-bridge-react",
      "@shopify/shopify-app-remix/react",
      "@remix-run/react",
      "react",
      "react-dom",
      "react-dom/client",
      "react/jsx-runtime",
      "react/jsx-dev-runtime",
    ],
  },
});
