/**
 * The overview's first-run checklist, from install to the first proven
 * opt-in, answered from data, never from "I did it" clicks:
 * - wording: saved in the app's database, and the metafield the storefront
 *   and checkout read holds exactly that (read back from the Admin API);
 * - storefront: a storefront opt-in was recorded, or the published theme's
 *   files show the app embed on or the app block placed (read_themes);
 * - checkout: a checkout or thank-you opt-in was recorded. Shopify shows apps
 *   no checkout editor placement, so until then the answer is "not known yet";
 * - first opt-in: one reached the app from a capture point.
 * Test opt-ins count for none of them. An Admin API that cannot answer (no
 * scope, Shopify away) makes a step "unknown", never "done".
 */
import type { SourceKind } from "../consent/types";
import type { Database } from "../db.server";
import type { AdminGraphql } from "../shopify/admin-client.server";
import { themePlacement } from "../shopify/theme-app-blocks";
import {
  currentWording,
  WORDING_KEY,
  WORDING_NAMESPACE,
  type WordingPayload,
} from "../shopify/wording-metafield.server";
import { setupLinks, THEME_BLOCK_HANDLE, THEME_EMBED_HANDLE } from "./capture-status.server";
import { CAPTURE_POINTS } from "./setup-facts.server";

export type StepState = "done" | "todo" | "unknown";

export type FirstRunStep =
  | { id: "wording"; state: StepState; saved: boolean; published: boolean | null; nextUrl: string }
  | {
      id: "storefront";
      state: StepState;
      /** What told us: a recorded opt-in, the theme's files, or nothing could be read. */
      seenBy: "events" | "theme" | null;
      embedOn: boolean;
      blockIn: string[];
      nextUrl: string;
    }
  | { id: "checkout"; state: StepState; nextUrl: string }
  | { id: "first_opt_in"; state: StepState; at: string | null; nextUrl: string };

const STOREFRONT_SOURCES: SourceKind[] = ["storefront_block", "storefront_embed"];
const CHECKOUT_SOURCES: SourceKind[] = ["checkout", "thank_you"];

const PUBLISHED_WORDING = `#graphql
  query PublishedWording($namespace: String!, $key: String!) {
    currentAppInstallation {
      metafield(namespace: $namespace, key: $key) {
        value
      }
    }
  }`;

const PUBLISHED_THEME = `#graphql
  query PublishedThemeFiles {
    themes(roles: [MAIN], first: 1) {
      nodes {
        files(filenames: ["config/settings_data.json", "templates/*.json", "sections/*.json"], first: 250) {
          nodes {
            filename
            body {
              ... on OnlineStoreThemeFileBodyText {
                content
              }
            }
          }
        }
      }
    }
  }`;

interface WordingData {
  currentAppInstallation: { metafield: { value: string } | null };
}
interface ThemeData {
  themes: {
    nodes: { files: { nodes: { filename: string; body: { content?: string } }[] } | null }[];
  } | null;
}

/** Which version each placement and locale shows: the part of the payload that must match. */
function versionsShown(payload: WordingPayload): string[] {
  const slots = [
    `storefront:${payload.storefront?.versionId ?? ""}`,
    `checkout:${payload.checkout?.versionId ?? ""}`,
  ];
  for (const [locale, shown] of Object.entries(payload.locales ?? {})) {
    slots.push(`storefront/${locale}:${shown.storefront?.versionId ?? ""}`);
    slots.push(`checkout/${locale}:${shown.checkout?.versionId ?? ""}`);
  }
  return slots.sort();
}

async function wordingPublished(client: AdminGraphql, saved: WordingPayload): Promise<boolean> {
  const data = await client.request<WordingData>(PUBLISHED_WORDING, {
    namespace: WORDING_NAMESPACE,
    key: WORDING_KEY,
  });
  const value = data.currentAppInstallation.metafield?.value;
  if (!value) return false;
  return versionsShown(JSON.parse(value) as WordingPayload).join() === versionsShown(saved).join();
}

async function publishedThemePlacement(client: AdminGraphql) {
  const data = await client.request<ThemeData>(PUBLISHED_THEME);
  const files = (data.themes?.nodes[0]?.files?.nodes ?? []).flatMap((file) =>
    typeof file.body.content === "string" ? [{ filename: file.filename, content: file.body.content }] : [],
  );
  return themePlacement(files, { block: THEME_BLOCK_HANDLE, embed: THEME_EMBED_HANDLE });
}

/** The overview does not wait longer than this for Shopify: past it, the step is "not known yet". */
const ADMIN_API_WAIT_MS = 4000;

/** An Admin API answer, or null when it cannot be had (in time): the step then says it is not known. */
async function orUnknown<T>(read: () => Promise<T>): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ADMIN_API_WAIT_MS);
  });
  try {
    return await Promise.race([read().catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}

export async function firstRunChecklist(
  db: Database,
  shop: string,
  options: { client: () => Promise<AdminGraphql>; apiKey: string },
): Promise<FirstRunStep[]> {
  const links = setupLinks(shop, options.apiKey);
  const [saved, seen, firstOptIn] = await Promise.all([
    currentWording(db, shop),
    db.consentEvent.groupBy({
      by: ["sourceKind"],
      where: { shop, sourceKind: { in: [...STOREFRONT_SOURCES, ...CHECKOUT_SOURCES] } },
      _count: { _all: true },
    }),
    db.consentEvent.findFirst({
      where: {
        shop,
        channel: "whatsapp",
        action: "opt_in",
        // Our capture points only: a test opt-in (source test_opt_in) is not one.
        sourceKind: { in: [...CAPTURE_POINTS] },
      },
      orderBy: { recordedAt: "asc" },
      select: { recordedAt: true },
    }),
  ]);
  const seenKinds = new Set(seen.map((group) => group.sourceKind));
  const storefrontSeen = STOREFRONT_SOURCES.some((kind) => seenKinds.has(kind));
  const checkoutSeen = CHECKOUT_SOURCES.some((kind) => seenKinds.has(kind));
  const hasWording = Boolean(saved.storefront || saved.checkout);

  const client = await orUnknown(options.client);
  const [published, theme] = await Promise.all([
    hasWording && client ? orUnknown(() => wordingPublished(client, saved)) : null,
    storefrontSeen || !client ? null : orUnknown(() => publishedThemePlacement(client)),
  ]);
  const onTheme = theme ? theme.embedOn || theme.blockIn.length > 0 : false;

  return [
    {
      id: "wording",
      state: !hasWording || published === false ? "todo" : published ? "done" : "unknown",
      saved: hasWording,
      published,
      nextUrl: "/app/consent-texts",
    },
    {
      id: "storefront",
      state: storefrontSeen || onTheme ? "done" : theme ? "todo" : "unknown",
      seenBy: storefrontSeen ? "events" : theme ? "theme" : null,
      embedOn: theme?.embedOn ?? false,
      blockIn: theme?.blockIn ?? [],
      nextUrl: links.storefront_embed,
    },
    { id: "checkout", state: checkoutSeen ? "done" : "unknown", nextUrl: links.checkout },
    {
      id: "first_opt_in",
      state: firstOptIn ? "done" : "todo",
      at: firstOptIn?.recordedAt.toISOString() ?? null,
      nextUrl: "/app/capture",
    },
  ];
}
