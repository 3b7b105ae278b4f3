/**
 * Shopify ids. Shopify's are 64-bit (706405506930370084 in shopify.dev's
 * samples), above the 2^53 a JS number holds exactly; the emulator's records
 * keep small numeric ids and show the world each one plus ID_OFFSET, so every
 * id the app receives (GIDs, webhook payloads) is as long as a real one.
 */
import { GraphQLError } from "graphql";

export const ID_OFFSET = 706_405_500_000_000_000n;
/** Resources whose ids the emulator shows as 64-bit. */
const WIDE = new Set(["Customer", "Order"]);

/** The id Shopify would show for an emulator record id, as decimal digits. */
export const publicId = (id: number): string => (BigInt(id) + ID_OFFSET).toString();

/** The record id behind a public id; null when it cannot be one of the emulator's. */
export function recordId(digits: string): number | null {
  if (!/^\d{1,20}$/.test(digits)) return null;
  const id = BigInt(digits) - ID_OFFSET;
  return id > 0n && id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : null;
}

/** `gid://shopify/Type/<64-bit id>` for an emulator record. */
export const wideGid = (type: string, id: number) => `gid://shopify/${type}/${publicId(id)}`;

/** The numeric id when `gid` names a `type`, null for another type; throws on a malformed id. */
export function parseGid(gid: unknown, type: string): number | null {
  const m = typeof gid === "string" ? /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/.exec(gid) : null;
  if (!m)
    throw new GraphQLError(`Invalid global id '${String(gid)}'`, { extensions: { code: "INVALID_ID" } });
  if (m[1] !== type) return null;
  return WIDE.has(type) ? recordId(m[2] as string) : Number(m[2]);
}

/** A 64-bit id as the JSON number Shopify's REST payloads hold (JSON.stringify writes its digits). */
export const jsonId = (id: number): unknown =>
  (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON(publicId(id));
