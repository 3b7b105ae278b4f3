/**
 * Headless Chromium (Debian's package) driven by playwright-core, for the
 * storefront tests. A missing browser is a failure with the install command,
 * never a skip: CI installs it.
 */
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_INSTALL_HINT =
  "Install it with `apt-get update && apt-get install -y chromium` (Debian), " +
  "or point CHROMIUM_PATH at a Chromium binary.";

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}. ${CHROMIUM_INSTALL_HINT}`);
  }
  // playwright-core gives every launch a fresh temporary profile (user data dir).
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
