/**
 * The app's URL, fixed at build time. Shopify CLI bundles UI extensions with
 * esbuild and replaces `process.env.NAME` by the value of every environment
 * variable of the CLI process and of the app's `.env` file; `shopify app dev`
 * also sets `APP_URL` to the tunnel URL. For `shopify app build` / `deploy`,
 * set `APP_URL` (or `SHOPIFY_APP_URL`, which the app server reads too).
 *
 * An unset variable stays `process.env.NAME` in the bundle; `process` does not
 * exist in the extension's worker, hence the try/catch around each read.
 */
declare const process: { env: Record<string, string | undefined> };

function appUrlVariable(): string | undefined {
  try {
    if (process.env.APP_URL) return process.env.APP_URL;
  } catch {
    // not defined at build time
  }
  try {
    if (process.env.SHOPIFY_APP_URL) return process.env.SHOPIFY_APP_URL;
  } catch {
    // not defined at build time
  }
  return undefined;
}

export const BUILD_APP_URL: string | undefined = appUrlVariable();
