/**
 * Shopify's GraphQL cost model and leaky-bucket throttle.
 * Requested cost: scalars and enums 0, objects 1, connections
 * 2 + (first|last) × cost of one node, every mutation field 10.
 * Actual cost uses the number of nodes really returned.
 */
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";

export const MAX_QUERY_COST = 1000;
export const MUTATION_COST = 10;

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

export function operationOf(
  doc: DocumentNode,
  operationName?: string | null,
): OperationDefinitionNode | undefined {
  const ops = doc.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return operationName
    ? ops.find((o) => o.name?.value === operationName)
    : ops.length === 1
      ? ops[0]
      : undefined;
}

/**
 * Cost of an operation. Without `data` it is the requested cost; with the
 * response data it is the actual cost (connections counted by what came back).
 */
export function queryCost(
  schema: GraphQLSchema,
  doc: DocumentNode,
  operationName?: string | null,
  variables: Record<string, unknown> = {},
  data?: unknown,
): number {
  const op = operationOf(doc, operationName);
  if (!op) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const walk: Walk = { schema, fragments, variables };
  if (op.operation === "mutation") {
    return fieldCount(walk, op.selectionSet) * MUTATION_COST;
  }
  const root = schema.getQueryType();
  return root ? selectionCost(walk, op.selectionSet, root, data) : 0;
}

function fieldCount(walk: Walk, set: SelectionSetNode): number {
  let n = 0;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) n += s.name.value === "__typename" ? 0 : 1;
    else if (s.kind === Kind.INLINE_FRAGMENT) n += fieldCount(walk, s.selectionSet);
    else {
      const f = walk.fragments.get(s.name.value);
      if (f) n += fieldCount(walk, f.selectionSet);
    }
  }
  return n;
}

function intArg(walk: Walk, value: ValueNode | undefined): number | undefined {
  if (!value) return undefined;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = walk.variables[value.name.value];
    return typeof v === "number" ? v : undefined;
  }
  return undefined;
}

function typeFor(walk: Walk, parent: GraphQLCompositeType, condition?: string): GraphQLCompositeType {
  const t = condition ? walk.schema.getType(condition) : parent;
  return t && isCompositeType(t) ? t : parent;
}

function selectionCost(
  walk: Walk,
  set: SelectionSetNode,
  parent: GraphQLCompositeType,
  data: unknown,
): number {
  if (data === null) return 0;
  let total = 0;
  for (const s of set.selections) {
    if (s.kind === Kind.INLINE_FRAGMENT) {
      total += selectionCost(walk, s.selectionSet, typeFor(walk, parent, s.typeCondition?.name.value), data);
      continue;
    }
    if (s.kind === Kind.FRAGMENT_SPREAD) {
      const f = walk.fragments.get(s.name.value);
      if (f)
        total += selectionCost(walk, f.selectionSet, typeFor(walk, parent, f.typeCondition.name.value), data);
      continue;
    }
    if (!s.selectionSet || !(isObjectType(parent) || isInterfaceType(parent))) continue;
    const def = parent.getFields()[s.name.value];
    if (!def) continue;
    const type = getNamedType(def.type);
    if (!isCompositeType(type)) continue;
    const key = s.alias?.value ?? s.name.value;
    const value = data === undefined ? undefined : (data as Record<string, unknown> | null)?.[key];
    if (type.name.endsWith("Connection") && isObjectType(type)) {
      total += connectionCost(walk, s.selectionSet, type, value, data !== undefined, () => {
        const first = s.arguments?.find((a) => a.name.value === "first")?.value;
        const last = s.arguments?.find((a) => a.name.value === "last")?.value;
        return intArg(walk, first) ?? intArg(walk, last) ?? 0;
      });
    } else if (Array.isArray(value)) {
      for (const item of value) total += 1 + selectionCost(walk, s.selectionSet, type, item ?? null);
    } else {
      total += 1 + (value === null ? 0 : selectionCost(walk, s.selectionSet, type, value));
    }
  }
  return total;
}

/** 2 + n × one node's cost; `edges`, `cursor` and `pageInfo` are free. */
function connectionCost(
  walk: Walk,
  set: SelectionSetNode,
  type: GraphQLCompositeType,
  value: unknown,
  actual: boolean,
  requestedCount: () => number,
): number {
  const nodeType = isObjectType(type) ? getNamedType(type.getFields().nodes?.type) : undefined;
  if (!nodeType || !isCompositeType(nodeType)) return 2;
  const nodeSets: { set: SelectionSetNode; items: (v: unknown) => unknown[] }[] = [];
  const collect = (sel: SelectionSetNode) => {
    for (const s of sel.selections) {
      if (s.kind === Kind.FRAGMENT_SPREAD) {
        const f = walk.fragments.get(s.name.value);
        if (f) collect(f.selectionSet);
      } else if (s.kind === Kind.INLINE_FRAGMENT) collect(s.selectionSet);
      else if (s.name.value === "nodes" && s.selectionSet) {
        const key = s.alias?.value ?? "nodes";
        nodeSets.push({ set: s.selectionSet, items: (v) => asArray((v as Record<string, unknown>)?.[key]) });
      } else if (s.name.value === "edges" && s.selectionSet) {
        const edgesKey = s.alias?.value ?? "edges";
        for (const e of s.selectionSet.selections) {
          if (e.kind !== Kind.FIELD || e.name.value !== "node" || !e.selectionSet) continue;
          const nodeKey = e.alias?.value ?? "node";
          nodeSets.push({
            set: e.selectionSet,
            items: (v) =>
              asArray((v as Record<string, unknown>)?.[edgesKey]).map(
                (edge) => (edge as Record<string, unknown>)?.[nodeKey],
              ),
          });
        }
      }
    }
  };
  collect(set);
  if (!actual) {
    const perNode = Math.max(0, ...nodeSets.map((n) => 1 + selectionCost(walk, n.set, nodeType, undefined)));
    return 2 + requestedCount() * perNode;
  }
  if (value === null || value === undefined) return 2;
  let most = 0;
  for (const n of nodeSets) {
    let sum = 0;
    for (const item of n.items(value)) sum += 1 + selectionCost(walk, n.set, nodeType, item ?? null);
    most = Math.max(most, sum);
  }
  return 2 + most;
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** Per-shop leaky bucket: `restoreRate` points come back every second up to `maximumAvailable`. */
export class LeakyBucket {
  private available: number;
  private at: number;

  constructor(
    readonly maximumAvailable: number,
    readonly restoreRate: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.available = maximumAvailable;
    this.at = clock();
  }

  private refill(): void {
    const now = this.clock();
    this.available = Math.min(
      this.maximumAvailable,
      this.available + ((now - this.at) / 1000) * this.restoreRate,
    );
    this.at = now;
  }

  /** Takes `cost` points if there are enough; false means THROTTLED. */
  take(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.maximumAvailable, this.available + Math.max(0, points));
  }

  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.maximumAvailable,
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.restoreRate,
    };
  }
}
