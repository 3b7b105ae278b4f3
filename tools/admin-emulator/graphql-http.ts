/**
 * One Admin GraphQL request, answered the way Shopify answers it: syntax and
 * validation errors with HTTP 200, cost checked before execution
 * (MAX_COST_EXCEEDED, THROTTLED), `extensions.cost` on every executed request.
 */
import { type DocumentNode, execute, type GraphQLError, parse, validate } from "graphql";
import { type LeakyBucket, MAX_QUERY_COST, operationOf, queryCost, type ThrottleStatus } from "./cost";
import { fieldResolver, type RequestContext, typeResolver } from "./resolvers";
import { adminSchema } from "./schema";

export interface GraphQLBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

interface ErrorOut {
  message: string;
  locations?: readonly { line: number; column: number }[];
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

export interface GraphQLResponse {
  data?: unknown;
  errors?: ErrorOut[];
  extensions?: Record<string, unknown>;
}

/** graphql-js validation messages rewritten in the wording and codes Shopify (graphql-ruby) uses. */
const VALIDATION_REWRITES: [RegExp, (m: RegExpExecArray) => [string, Record<string, unknown>]][] = [
  [
    /^Cannot query field "(\w+)" on type "(\w+)"/,
    (m) => [
      `Field '${m[1]}' doesn't exist on type '${m[2]}'`,
      { code: "undefinedField", typeName: m[2], fieldName: m[1] },
    ],
  ],
  [
    /^Unknown argument "(\w+)" on field "\w+\.(\w+)"/,
    (m) => [`Field '${m[2]}' doesn't accept argument '${m[1]}'`, { code: "argumentNotAccepted", name: m[2] }],
  ],
  [
    /^Argument "\w+\.(\w+)\((\w+):\)" of type .* is required/,
    (m) => [`Field '${m[1]}' is missing required arguments: ${m[2]}`, { code: "missingRequiredArguments" }],
  ],
  [
    /^Field "(\w+)" of type "(.+)" must have a selection of subfields/,
    (m) => [
      `Field must have selections (field '${m[1]}' returns ${(m[2] ?? "").replace(/[[\]!]/g, "")} but has no selections. Did you mean '${m[1]} { ... }'?)`,
      { code: "selectionMismatch", nodeName: `field '${m[1]}'` },
    ],
  ],
  [
    /^Unknown type "(\w+)"/,
    (m) => [`No such type ${m[1]}, so it can't be a fragment condition`, { code: "undefinedType" }],
  ],
  [
    /^Variable "\$(\w+)" is never used/,
    (m) => [`Variable $${m[1]} is declared but not used`, { code: "variableNotUsed" }],
  ],
  [
    /^Value "(\w+)" does not exist in "(\w+)" enum/,
    (m) => [
      `Argument has an invalid value (${m[1]}).`,
      { code: "argumentLiteralsIncompatible", typeName: m[2] },
    ],
  ],
];

export function shopifyValidationError(e: GraphQLError): ErrorOut {
  for (const [pattern, rewrite] of VALIDATION_REWRITES) {
    const m = pattern.exec(e.message);
    if (m) {
      const [message, extensions] = rewrite(m);
      return { message, locations: e.locations, extensions };
    }
  }
  return { message: e.message, locations: e.locations, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } };
}

function formatError(e: GraphQLError): ErrorOut {
  const out: ErrorOut = { message: e.message };
  if (e.locations) out.locations = e.locations;
  if (e.path) out.path = e.path;
  if (e.extensions && Object.keys(e.extensions).length) out.extensions = { ...e.extensions };
  return out;
}

function costExtension(requested: number, actual: number | null, status: ThrottleStatus) {
  return { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: status } };
}

export async function runGraphQL(
  ctx: RequestContext,
  bucket: LeakyBucket,
  body: GraphQLBody,
): Promise<GraphQLResponse> {
  if (typeof body.query !== "string" || body.query.trim() === "") {
    return { errors: [{ message: "No query string was present", extensions: { code: "BAD_REQUEST" } }] };
  }
  const variables = (body.variables && typeof body.variables === "object" ? body.variables : {}) as Record<
    string,
    unknown
  >;
  const operationName = typeof body.operationName === "string" ? body.operationName : null;
  let document: DocumentNode;
  try {
    document = parse(body.query);
  } catch (e) {
    const err = e as GraphQLError;
    return {
      errors: [{ message: err.message, locations: err.locations, extensions: { code: "PARSE_ERROR" } }],
    };
  }
  const schema = adminSchema();
  const invalid = validate(schema, document);
  if (invalid.length) return { errors: invalid.map(shopifyValidationError) };
  if (!operationOf(document, operationName)) {
    return { errors: [{ message: "An operation name is required", extensions: { code: "BAD_REQUEST" } }] };
  }

  const requested = queryCost(schema, document, operationName, variables);
  if (requested > MAX_QUERY_COST) {
    return {
      errors: [
        {
          message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`,
          extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_QUERY_COST },
        },
      ],
      extensions: costExtension(requested, null, bucket.status()),
    };
  }
  if (!bucket.take(requested)) {
    return {
      errors: [
        {
          message: "Throttled",
          extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
        },
      ],
      extensions: costExtension(requested, null, bucket.status()),
    };
  }

  const result = await execute({
    schema,
    document,
    variableValues: variables,
    operationName,
    contextValue: ctx,
    fieldResolver,
    typeResolver,
  });
  if (result.data === undefined) {
    bucket.refund(requested);
    const errors = (result.errors ?? []).map((e) => ({
      ...formatError(e),
      extensions: { code: e.message.startsWith("Variable") ? "INVALID_VARIABLE" : "BAD_REQUEST" },
    }));
    return { errors, extensions: costExtension(requested, 0, bucket.status()) };
  }
  const actual = queryCost(schema, document, operationName, variables, result.data);
  bucket.refund(requested - actual);
  const response: GraphQLResponse = { data: result.data };
  if (result.errors?.length) response.errors = result.errors.map(formatError);
  response.extensions = costExtension(requested, actual, bucket.status());
  if (ctx.searchWarnings.length) response.extensions.search = ctx.searchWarnings;
  return response;
}
