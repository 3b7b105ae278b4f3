/**
 * The consent wording, published from the app to where the storefront and
 * checkout read it: one JSON metafield (`$app` namespace, key
 * consent_wording) written with metafieldsSet on the app installation
 * (Liquid's `app.metafields` in the theme block and app embed) and on the
 * shop (a checkout UI extension's `shopify.appMetafields`). Both copies go in
 * one call, so they change together. The database stays the one source:
 * the metafield is rebuilt from it on every save. See
 * docs/decisions/013-wording-source.md.
 */

import { parseWordingSlot } from "../consent/wording-slot";
import type { Database } from "../db.server";
import type { AdminGraphql } from "./admin-client.server";

export const WORDING_NAMESPACE = "$app";
export const WORDING_KEY = "consent_wording";

export interface PublishedWording {
  text: string;
  versionId: string;
  language: string | null;
}

/** The metafield's value (JSON). Extensions read `storefront` or `checkout`; null: nothing saved yet. */
export interface WordingPayload {
  storefront: PublishedWording | null;
  checkout: PublishedWording | null;
  /**
   * Wording saved for one locale (Shopify's iso code, e.g. "es"), per placement. A reader
   * looks up the shopper's locale here first and falls back to the fields above.
   */
  locales: Record<string, { storefront: PublishedWording | null; checkout: PublishedWording | null }>;
}

const OWNERS_QUERY = `#graphql
  query WordingOwners {
    currentAppInstallation {
      id
    }
    shop {
      id
    }
  }`;

const SET_WORDING = `#graphql
  mutation PublishWording($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        key
        namespace
      }
      userErrors {
        field
        message
        code
      }
    }
  }`;

interface OwnersData {
  currentAppInstallation: { id: string };
  shop: { id: string };
}

interface SetData {
  metafieldsSet: { userErrors: { field: string[] | null; message: string; code: string | null }[] } | null;
}

/** What each placement shows now, from the database. */
export async function currentWording(db: Database, shop: string): Promise<WordingPayload> {
  const inUse = await db.consentTextVersion.findMany({
    where: { shop, inUseAt: { not: "" } },
    select: { id: true, text: true, language: true, inUseAt: true },
  });
  const published = (version: (typeof inUse)[number]): PublishedWording => ({
    text: version.text,
    versionId: version.id,
    language: version.language,
  });
  const payload: WordingPayload = { storefront: null, checkout: null, locales: {} };
  for (const version of inUse) {
    for (const slot of version.inUseAt.split(",").filter(Boolean)) {
      const { placement, locale } = parseWordingSlot(slot);
      if (placement !== "storefront" && placement !== "checkout") continue;
      if (!locale) payload[placement] = published(version);
      else {
        payload.locales[locale] ??= { storefront: null, checkout: null };
        payload.locales[locale][placement] = published(version);
      }
    }
  }
  return payload;
}

export type PublishOutcome = { ok: true } | { ok: false; reason: string };

/** Writes the payload to both owners in one metafieldsSet call. Failures are returned, never thrown. */
export async function publishWording(client: AdminGraphql, payload: WordingPayload): Promise<PublishOutcome> {
  try {
    const owners = await client.request<OwnersData>(OWNERS_QUERY);
    const value = JSON.stringify(payload);
    const metafields = [owners.currentAppInstallation.id, owners.shop.id].map((ownerId) => ({
      ownerId,
      namespace: WORDING_NAMESPACE,
      key: WORDING_KEY,
      type: "json",
      value,
    }));
    const result = await client.request<SetData>(SET_WORDING, { metafields });
    const problem = result.metafieldsSet?.userErrors[0];
    if (!result.metafieldsSet) return { ok: false, reason: "Shopify returned no result" };
    return problem ? { ok: false, reason: problem.message } : { ok: true };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

/** Publishes what the database says the shop shows now. */
export async function publishShopWording(
  db: Database,
  shop: string,
  client: () => Promise<AdminGraphql>,
): Promise<PublishOutcome> {
  try {
    const payload = await currentWording(db, shop);
    return await publishWording(await client(), payload);
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}
