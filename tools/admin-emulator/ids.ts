/** Shopify global ids (`gid://shopify/Type/123`). */
import { GraphQLError } from "graphql";

/** The numeric id when `gid` names a `type`, null for another type; throws on a malformed id. */
export function parseGid(gid: unknown, type: string): number | null {
  const m = typeof gid === "string" ? /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/.exec(gid) : null;
  if (!m)
    throw new GraphQLError(`Invalid global id '${String(gid)}'`, { extensions: { code: "INVALID_ID" } });
  return m[1] === type ? Number(m[2]) : null;
}
