/**
 * The shape rules of bulk queries and the JSONL layout of their results:
 * one line per node, nested connections' nodes on their own lines with
 * `__parentId`, right after their parent.
 */
import {
  type DocumentNode,
  type GraphQLCompositeType,
  getNamedType,
  isCompositeType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from "graphql";
import { adminSchema } from "./schema";

/** Items of a connection value (edges' nodes, or nodes); [] for anything else. */
export function connectionItems(value: unknown): unknown[] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  const v = value as { edges?: unknown; nodes?: unknown };
  if (Array.isArray(v.edges)) return v.edges.map((e) => (e as { node?: unknown })?.node).filter(Boolean);
  if (Array.isArray(v.nodes)) return v.nodes;
  return [];
}

const isConnection = (v: unknown) =>
  !!v &&
  typeof v === "object" &&
  !Array.isArray(v) &&
  (Array.isArray((v as { edges?: unknown }).edges) || Array.isArray((v as { nodes?: unknown }).nodes));

/** One JSONL line for the node, then one per item of each nested connection (with `__parentId`). */
export function flatten(node: Record<string, unknown>, parentId: string | undefined, lines: string[]): void {
  const own: Record<string, unknown> = {};
  const nested: unknown[][] = [];
  for (const [key, value] of Object.entries(node)) {
    if (isConnection(value)) nested.push(connectionItems(value));
    else own[key] = value;
  }
  if (parentId) own.__parentId = parentId;
  lines.push(JSON.stringify(own));
  const id = typeof node.id === "string" ? node.id : parentId;
  for (const items of nested) for (const item of items) flatten(item as Record<string, unknown>, id, lines);
}

/** Shopify's structural rules for bulk queries; returns the problem or null. */
export function checkBulkShape(document: DocumentNode): string | null {
  const ops = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (ops.length !== 1 || ops[0]?.kind !== Kind.OPERATION_DEFINITION)
    return "exactly one operation is allowed";
  if (ops[0].operation !== "query") return "bulk queries cannot contain mutations";
  if (document.definitions.some((d) => d.kind === Kind.FRAGMENT_DEFINITION))
    return "fragments are not supported here";
  const root = adminSchema().getQueryType() as GraphQLCompositeType;
  let connections = 0;
  let problem: string | null = null;
  const visit = (set: SelectionSetNode, type: GraphQLCompositeType, depth: number, isRoot: boolean) => {
    for (const s of set.selections) {
      if (s.kind !== Kind.FIELD || !s.selectionSet || !isObjectType(type)) continue;
      const def = type.getFields()[s.name.value];
      const named = def && getNamedType(def.type);
      if (!named || !isCompositeType(named)) continue;
      const isConn = named.name.endsWith("Connection");
      if (isRoot && !isConn) problem ??= "the top-level field must be a connection";
      if (isConn) {
        connections++;
        if (depth + 1 > 2) problem ??= "connections can be nested at most two levels deep";
        if (
          depth >= 1 &&
          !set.selections.some((x) => x.kind === Kind.FIELD && x.name.value === "id" && !x.alias)
        )
          problem ??=
            "The parent 'node' field for a nested connection must select the 'id' field without an alias";
      }
      visit(s.selectionSet, named, isConn ? depth + 1 : depth, false);
    }
  };
  visit(ops[0].selectionSet, root, 0, true);
  if (connections === 0) return "Bulk queries must contain at least one connection.";
  if (connections > 5) return "Bulk queries cannot contain more than 5 connections.";
  return problem;
}
