/**
 * The shop's themes as the Admin API shows them to an app with read_themes:
 * `themes(roles: [MAIN])` and a theme's `files(filenames:)` with text bodies.
 * Every shop starts with one published theme holding the two files the app
 * reads (config/settings_data.json and templates/index.json) with no app
 * block or embed in them; tests and the demo put them in with
 * `writeThemeFile`. Filenames match as the API's do: `*` is any run of
 * characters, at most 50 patterns; a name without `*` that no file has is
 * reported in userErrors as NOT_FOUND.
 */
import { createHash } from "node:crypto";
import { GraphQLError } from "graphql";
import type { ShopState } from "./store";

export type ThemeRole = "MAIN" | "UNPUBLISHED" | "DEMO" | "DEVELOPMENT" | "ARCHIVED" | "LOCKED" | "MOBILE";

interface ThemeFile {
  filename: string;
  content: string;
  createdAt: string;
  updatedAt: string;
}

interface ThemeRecord {
  id: number;
  name: string;
  role: ThemeRole;
  createdAt: string;
  updatedAt: string;
  files: Map<string, ThemeFile>;
}

const MAX_FILENAMES = 50;
const MAX_FILES = 2500;
/** Shopify writes this header at the top of the JSON files the theme editor saves. */
const EDITOR_HEADER =
  "/*\n * ------------------------------------------------------------\n * IMPORTANT: The contents of this file are auto-generated.\n * ------------------------------------------------------------\n */\n";

const themes = new WeakMap<ShopState, ThemeRecord[]>();

function themesOf(shop: ShopState): ThemeRecord[] {
  let found = themes.get(shop);
  if (!found) {
    const now = new Date().toISOString();
    const files = new Map<string, ThemeFile>();
    const published: ThemeRecord = {
      id: 1,
      name: "Dawn",
      role: "MAIN",
      createdAt: now,
      updatedAt: now,
      files,
    };
    found = [published];
    themes.set(shop, found);
    writeThemeFile(shop, "config/settings_data.json", { current: { blocks: {} } });
    writeThemeFile(shop, "templates/index.json", { sections: {}, order: [] });
  }
  return found;
}

/** Writes a file of the published theme as the theme editor saves it (JSON with the editor's header). */
export function writeThemeFile(shop: ShopState, filename: string, json: unknown): void {
  const theme = themesOf(shop).find((candidate) => candidate.role === "MAIN");
  if (!theme) throw new Error("the shop has no published theme");
  const now = new Date().toISOString();
  const previous = theme.files.get(filename);
  theme.files.set(filename, {
    filename,
    content: `${EDITOR_HEADER}${JSON.stringify(json, null, 2)}`,
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
  });
  theme.updatedAt = now;
}

const pattern = (glob: string) =>
  new RegExp(
    `^${glob
      .split("*")
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );

function fileView(file: ThemeFile) {
  const bytes = Buffer.byteLength(file.content, "utf8");
  return {
    __typename: "OnlineStoreThemeFile",
    filename: file.filename,
    contentType: "application/json",
    createdAt: file.createdAt,
    updatedAt: file.updatedAt,
    size: String(bytes),
    checksumMd5: createHash("md5").update(file.content).digest("hex"),
    body: { __typename: "OnlineStoreThemeFileBodyText", content: file.content },
  };
}

function listConnection<T>(items: T[], cursorOf: (item: T) => string, extra: object = {}) {
  return {
    edges: items.map((node) => ({ cursor: cursorOf(node), node })),
    nodes: items,
    pageInfo: {
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: items[0] ? cursorOf(items[0]) : null,
      endCursor: items.length ? cursorOf(items[items.length - 1] as T) : null,
    },
    ...extra,
  };
}

function themeView(theme: ThemeRecord) {
  return {
    __typename: "OnlineStoreTheme",
    id: `gid://shopify/OnlineStoreTheme/${theme.id}`,
    name: theme.name,
    prefix: `/t/${theme.id}`,
    processing: false,
    processingFailed: false,
    role: theme.role,
    themeStoreId: 887,
    createdAt: theme.createdAt,
    updatedAt: theme.updatedAt,
    files: (args: { filenames?: string[] | null; first?: number | null; after?: string | null }) => {
      const globs = args.filenames ?? ["*"];
      if (globs.length > MAX_FILENAMES) {
        throw new GraphQLError(`filenames: at most ${MAX_FILENAMES} filenames can be specified.`);
      }
      const first = Math.min(args.first ?? 50, MAX_FILES);
      const matchers = globs.map(pattern);
      const files = [...theme.files.values()]
        .filter((file) => matchers.some((matcher) => matcher.test(file.filename)))
        .sort((a, b) => (a.filename < b.filename ? -1 : 1));
      const missing = globs.filter((glob) => !glob.includes("*") && !theme.files.has(glob));
      return listConnection(
        files.slice(0, first).map(fileView),
        (file) => Buffer.from(file.filename).toString("base64url"),
        { userErrors: missing.map((filename) => ({ code: "NOT_FOUND", filename })) },
      );
    },
  };
}

/** QueryRoot.themes: the shop's themes, optionally only those with the given roles. */
export function themesQuery(shop: ShopState, args: { roles?: ThemeRole[] | null; first?: number | null }) {
  const roles = args.roles ?? null;
  const found = themesOf(shop).filter((theme) => !roles || roles.includes(theme.role));
  const limited = args.first == null ? found : found.slice(0, args.first);
  return listConnection(limited.map(themeView), (theme) => Buffer.from(theme.id).toString("base64url"));
}
