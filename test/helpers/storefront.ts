/**
 * A tiny stand-in for a Shopify storefront, for the theme app extension in
 * extensions/whatsapp-optin: renders its app block and app embed with liquidjs
 * (settings defaults from each block's {% schema %}, minimal fakes of `shop`,
 * `localization`, `request`, `block`, and the Shopify filters the extension
 * uses), wraps them in a page the way Shopify does (block assets in <head>,
 * embeds before </body>), and serves that page, the extension's assets, the
 * App Proxy (POST /apps/whatsapp-consent/*, answered by an injectable handler)
 * and a plain form endpoint from node:http on 127.0.0.1.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Liquid } from "liquidjs";
import type { BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";

export const EXTENSION_DIR = path.resolve(import.meta.dirname, "../../extensions/whatsapp-optin");
export const PROXY_PREFIX = "/apps/whatsapp-consent";

// ---------------------------------------------------------------- schema ---

export interface SchemaSetting {
  type: string;
  id?: string;
  default?: unknown;
  [key: string]: unknown;
}

export interface BlockSchema {
  name: string;
  target: string;
  javascript?: string;
  stylesheet?: string;
  settings?: SchemaSetting[];
  [key: string]: unknown;
}

const SCHEMA_TAG = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/;

/** A block's Liquid (without its schema) and its parsed {% schema %} JSON. */
export function readBlock(name: string): { liquid: string; schema: BlockSchema } {
  const source = readFileSync(path.join(EXTENSION_DIR, "blocks", `${name}.liquid`), "utf8");
  const match = SCHEMA_TAG.exec(source);
  if (!match?.[1]) throw new Error(`blocks/${name}.liquid has no {% schema %}`);
  return { liquid: source.replace(SCHEMA_TAG, ""), schema: JSON.parse(match[1]) as BlockSchema };
}

/** The names of the extension's blocks (blocks/*.liquid without the extension). */
export function blockNames(): string[] {
  return readdirSync(path.join(EXTENSION_DIR, "blocks"))
    .filter((file) => file.endsWith(".liquid"))
    .map((file) => file.slice(0, -".liquid".length));
}

/** Settings as Shopify gives them to a freshly added block: each setting's default, or null. */
export function settingDefaults(schema: BlockSchema): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const setting of schema.settings ?? []) {
    if (setting.id) settings[setting.id] = setting.default ?? null;
  }
  return settings;
}

// --------------------------------------------------------------- locales ---

type Translations = { [key: string]: string | Translations };

/** A storefront locale file of the extension ("en" is en.default.json). */
export function readLocale(locale: string): Translations {
  const file = locale === "en" ? "en.default.json" : `${locale}.json`;
  return JSON.parse(readFileSync(path.join(EXTENSION_DIR, "locales", file), "utf8")) as Translations;
}

function lookup(translations: Translations, key: string): string | undefined {
  let node: string | Translations | undefined = translations;
  for (const part of key.split(".")) {
    if (node === undefined || typeof node === "string") return undefined;
    node = node[part];
  }
  return typeof node === "string" ? node : undefined;
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);

// ------------------------------------------------------------- rendering ---

export interface StorefrontContext {
  shopName: string;
  /** shop.address.country_code */
  shopCountry: string;
  /** localization.country.iso_code (the shopper's market); null like a shop without markets. */
  country: string | null;
  /** localization.available_countries */
  availableCountries: { iso_code: string; name: string }[];
  /** shop.privacy_policy.url, or null when the shop has no policy. */
  privacyPolicyUrl: string | null;
  /** request.locale.iso_code and the locale file the `t` filter reads. */
  locale: string;
  /**
   * Liquid's `app.metafields`: the app's app-data metafields by namespace and key (the
   * emulator's liquidAppMetafields gives them as the app wrote them).
   */
  appMetafields: Record<string, Record<string, { value: unknown; type: string }>>;
  /** request.design_mode: true inside the theme editor. */
  designMode: boolean;
}

/** The wording the default storefront shows, as the app would have published it. */
export const DEFAULT_WORDING =
  "Yes, send me marketing messages from Acme Coffee on WhatsApp (offers, new arrivals and news) at the number I entered. I can stop at any time by replying STOP or with the unsubscribe form on this site.";

/** `app.metafields` holding `text` as the storefront wording (the shape of app/shopify/wording-metafield.server.ts). */
export function wordingMetafields(text: string, versionId = "version-1", language: string | null = "en") {
  const storefront = { text, versionId, language };
  return { $app: { consent_wording: { type: "json", value: { storefront, checkout: null } } } };
}

export const DEFAULT_CONTEXT: StorefrontContext = {
  shopName: "Acme Coffee",
  shopCountry: "ES",
  country: "ES",
  availableCountries: [
    { iso_code: "FR", name: "France" },
    { iso_code: "DE", name: "Germany" },
    { iso_code: "PT", name: "Portugal" },
    { iso_code: "ES", name: "Spain" },
  ],
  privacyPolicyUrl: "/policies/privacy-policy",
  locale: "en",
  appMetafields: wordingMetafields(DEFAULT_WORDING),
  designMode: false,
};

function createEngine(context: StorefrontContext): Liquid {
  const translations = readLocale(context.locale);
  const fallback = readLocale("en");
  const engine = new Liquid({
    partials: path.join(EXTENSION_DIR, "snippets"),
    extname: ".liquid",
    relativeReference: false,
    strictFilters: true,
    globals: {
      shop: {
        name: context.shopName,
        address: { country_code: context.shopCountry },
        privacy_policy: context.privacyPolicyUrl ? { url: context.privacyPolicyUrl } : null,
      },
      localization: {
        country: context.country ? { iso_code: context.country } : null,
        available_countries: context.availableCountries,
      },
      request: { locale: { iso_code: context.locale }, design_mode: context.designMode },
      app: { metafields: context.appMetafields },
    },
  });
  // Shopify's `t`: the key in the current locale (else the default one), `{{ name }}`
  // replaced by the keyword arguments, HTML-escaped unless the key ends in _html.
  engine.registerFilter("t", (key: string, ...args: unknown[]) => {
    const template = lookup(translations, key) ?? lookup(fallback, key);
    if (template === undefined) throw new Error(`translation missing: ${key}`);
    const values = new Map<string, string>();
    for (const arg of args) {
      if (Array.isArray(arg)) values.set(String(arg[0]), String(arg[1] ?? ""));
    }
    const text = template.replace(/{{\s*(\w+)\s*}}/g, (_, name: string) => values.get(name) ?? "");
    return key.endsWith("_html") ? text : escapeHtml(text);
  });
  engine.registerFilter("asset_url", (file: string) => `/assets/${file}`);
  return engine;
}

export interface BlockInstance {
  /** blocks/NAME.liquid */
  name: string;
  /** block.id; Shopify's look like "AbC123…" */
  id?: string;
  /** Overrides of the schema defaults. */
  settings?: Record<string, unknown>;
}

/** Renders one block (its Liquid without the schema) to HTML. */
export async function renderBlock(
  block: BlockInstance,
  context: Partial<StorefrontContext> = {},
): Promise<{ html: string; schema: BlockSchema }> {
  const full = { ...DEFAULT_CONTEXT, ...context };
  const { liquid, schema } = readBlock(block.name);
  const engine = createEngine(full);
  const settings = { ...settingDefaults(schema), ...block.settings };
  const id = block.id ?? `AbUZqVnF0Vk9Ua3dCd__${block.name.replace(/-/g, "_")}`;
  const html = await engine.parseAndRender(liquid, {
    block: {
      id,
      type: `shopify://apps/whatsapp-consent/blocks/${block.name}`,
      settings,
      shopify_attributes: "",
    },
  });
  return { html, schema };
}

export interface PageOptions {
  /** App blocks (target "section") placed in <main>, and embeds (target "body") before </body>. */
  blocks?: BlockInstance[];
  /** The theme's own markup, e.g. a newsletter form, placed in <main> after the blocks. */
  themeHtml?: string;
  context?: Partial<StorefrontContext>;
  title?: string;
}

/** A whole storefront page with the blocks rendered into it, as Shopify assembles it. */
export async function renderPage(options: PageOptions): Promise<string> {
  const context = { ...DEFAULT_CONTEXT, ...options.context };
  const head: string[] = [];
  const sections: string[] = [];
  const embeds: string[] = [];
  for (const block of options.blocks ?? []) {
    const { html, schema } = await renderBlock(block, context);
    // Shopify includes each asset once, however many blocks use it.
    if (schema.stylesheet) {
      const tag = `<link rel="stylesheet" href="/assets/${schema.stylesheet}">`;
      if (!head.includes(tag)) head.push(tag);
    }
    if (schema.javascript) {
      const tag = `<script src="/assets/${schema.javascript}" defer></script>`;
      if (!head.includes(tag)) head.push(tag);
    }
    if (schema.target === "section") {
      sections.push(
        `<div class="shopify-app-block" id="shopify-block-${block.id ?? block.name}">${html}</div>`,
      );
    } else {
      embeds.push(html);
    }
  }
  const shopifyGlobal = `<script>window.Shopify = { shop: "acme-coffee.myshopify.com", locale: ${JSON.stringify(context.locale)} };</script>`;
  return `<!doctype html>
<html lang="${escapeHtml(context.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title ?? context.shopName)}</title>
${shopifyGlobal}
${head.join("\n")}
</head>
<body>
<main id="MainContent">
${sections.join("\n")}
${options.themeHtml ?? ""}
</main>
${embeds.join("\n")}
</body>
</html>`;
}

// ---------------------------------------------------------------- server ---

export interface ProxyAnswer {
  status: number;
  body: unknown;
}

/**
 * Answers what the storefront posts to the App Proxy.
 * `path` is the request path as the browser sent it (e.g. "/apps/whatsapp-consent/optin"),
 * `jsonBody` the parsed JSON body (undefined if it was not JSON).
 */
export type ProxyHandler = (
  path: string,
  jsonBody: unknown,
  headers: IncomingHttpHeaders,
) => Promise<ProxyAnswer>;

export interface FormPost {
  path: string;
  /** The url-encoded fields as the browser sent them. */
  fields: URLSearchParams;
}

export interface Storefront {
  url: string;
  /** Serve `html` at `pagePath` (GET). */
  setPage(pagePath: string, html: string): void;
  setHandler(handler: ProxyHandler): void;
  /** Normal (non-proxy) form submissions the server received, e.g. POST /contact. */
  formPosts: FormPost[];
  /** App Proxy requests answered (the handler finished and the answer was sent), in order. */
  proxyAnswers: ProxyAnswer[];
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

function send(res: ServerResponse, status: number, type: string, body: string | Buffer) {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

/** Starts the fake storefront on 127.0.0.1 (a free port). */
export async function startStorefront(handler: ProxyHandler): Promise<Storefront> {
  const pages = new Map<string, string>();
  const formPosts: FormPost[] = [];
  const proxyAnswers: ProxyAnswer[] = [];
  let current = handler;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      void route(url, raw).catch((error: unknown) => {
        send(res, 500, "text/plain", `storefront helper: ${String(error)}`);
      });
    });

    async function route(url: URL, raw: string) {
      if (req.method === "POST" && url.pathname.startsWith(`${PROXY_PREFIX}/`)) {
        let json: unknown;
        try {
          json = JSON.parse(raw);
        } catch {
          json = undefined;
        }
        const answer = await current(url.pathname, json, req.headers);
        send(res, answer.status, "application/json; charset=utf-8", JSON.stringify(answer.body ?? null));
        proxyAnswers.push(answer);
        return;
      }
      if (req.method === "POST") {
        formPosts.push({ path: url.pathname, fields: new URLSearchParams(raw) });
        send(
          res,
          200,
          "text/html; charset=utf-8",
          '<!doctype html><title>Thanks</title><h1 id="posted">Thanks</h1>',
        );
        return;
      }
      if (req.method === "GET" && url.pathname.startsWith("/assets/")) {
        const file = path.join(EXTENSION_DIR, "assets", path.basename(url.pathname));
        try {
          send(res, 200, CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream", readFileSync(file));
        } catch {
          send(res, 404, "text/plain", "not found");
        }
        return;
      }
      const page = pages.get(url.pathname);
      if (req.method === "GET" && page !== undefined) {
        send(res, 200, "text/html; charset=utf-8", page);
        return;
      }
      send(res, 404, "text/plain", "not found");
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setPage: (pagePath, html) => pages.set(pagePath, html),
    setHandler: (next) => {
      current = next;
    },
    formPosts,
    proxyAnswers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ------------------------------------------------------- fetch outbox ---

const FETCHES_STARTED = "e2e:fetches-started";

/**
 * Counts every fetch a page of `context` starts, in the tab's sessionStorage
 * so the count survives the same-origin navigation of a theme form's submit.
 * The request itself goes through Chromium's network unchanged. The count is
 * written in the same synchronous call as the fetch, so once a handler that
 * would have sent a request has visibly run, its request is in the count.
 */
export async function countFetches(context: BrowserContext): Promise<void> {
  await context.addInitScript((key) => {
    const real = window.fetch.bind(window);
    window.fetch = (...args: Parameters<typeof fetch>) => {
      sessionStorage.setItem(key, String(Number(sessionStorage.getItem(key) ?? 0) + 1));
      return real(...args);
    };
  }, FETCHES_STARTED);
}

/** How many fetches this tab has started (needs `countFetches` on its context). */
function fetchesStarted(page: Page): Promise<number> {
  return page.evaluate((key) => Number(sessionStorage.getItem(key) ?? 0), FETCHES_STARTED);
}

/**
 * Waits until the storefront has answered every request the page started
 * (its outbox is drained) and returns how many that is. Call it after the
 * page visibly handled what it was asked to do: from then on nothing it
 * started can still arrive, so a count or a database read is final, with no
 * sleeping. `store.proxyAnswers` must count this page's requests only.
 */
export async function proxyDrained(page: Page, store: Storefront): Promise<number> {
  const started = await fetchesStarted(page);
  await expect
    .poll(() => store.proxyAnswers.length, { timeout: 10_000, message: "requests the page started" })
    .toBe(started);
  return started;
}

// ------------------------------------------------------------ file sizes ---

/** Every file of the extension with its size in bytes, paths relative to EXTENSION_DIR. */
export function extensionFiles(dir = EXTENSION_DIR): { file: string; bytes: number }[] {
  const out: { file: string; bytes: number }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...extensionFiles(full));
    else out.push({ file: path.relative(EXTENSION_DIR, full), bytes: statSync(full).size });
  }
  return out;
}
