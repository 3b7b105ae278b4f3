/**
 * Finds the GraphQL documents the app sends: template literals that start
 * with `#graphql` (Shopify's convention), in every .ts/.tsx file under app/.
 * `${NAME}` inside a document is replaced by another `#graphql` constant of
 * the same file (the usual way fragments are shared).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  Kind,
  NoUnusedFragmentsRule,
  parse,
  specifiedRules,
  validate,
  visit,
} from "graphql";
import ts from "typescript";

export interface GraphqlDocument {
  /** Path relative to the project root. */
  file: string;
  /** 1-based line of the template literal. */
  line: number;
  text: string;
  /** Interpolations that could not be resolved to a `#graphql` constant of the file. */
  unresolved: string[];
}

const MARKER = /^\s*#graphql\b/;

function templateText(
  node: ts.TemplateLiteral,
  constants: Map<string, string>,
  unresolved: string[],
): string {
  if (ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  let text = node.head.text;
  for (const span of node.templateSpans) {
    const name = ts.isIdentifier(span.expression) ? span.expression.text : span.expression.getText();
    const value = constants.get(name);
    if (value === undefined) unresolved.push(name);
    text += (value ?? "") + span.literal.text;
  }
  return text;
}

export function extractGraphqlDocuments(source: string, file: string): GraphqlDocument[] {
  const sf = ts.createSourceFile(
    file,
    source,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const templates: ts.TemplateLiteral[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const head = ts.isNoSubstitutionTemplateLiteral(node) ? node.text : node.head.text;
      if (MARKER.test(head)) templates.push(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  // Constants first (plain ones), so documents can interpolate them in any order.
  const constants = new Map<string, string>();
  for (let pass = 0; pass < 3; pass++) {
    for (const t of templates) {
      const decl = t.parent;
      if (ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name)) {
        constants.set(decl.name.text, templateText(t, constants, []));
      }
    }
  }
  return templates.map((t) => {
    const unresolved: string[] = [];
    const text = templateText(t, constants, unresolved);
    const line = sf.getLineAndCharacterOfPosition(t.getStart()).line + 1;
    return { file, line, text, unresolved };
  });
}

function walk(dir: string, out: string[]): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && entry.name !== "generated") walk(full, out);
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

export function findAppDocuments(root: string, dir = "app"): GraphqlDocument[] {
  return walk(path.join(root, dir), []).flatMap((full) =>
    extractGraphqlDocuments(readFileSync(full, "utf8"), path.relative(root, full)),
  );
}

const FRAGMENT_RULES = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule);

/**
 * Fragment definitions found in the documents, by name. Documents of the same
 * file come first, so a file's own fragment wins over a homonym elsewhere.
 */
export function fragmentIndex(
  docs: readonly GraphqlDocument[],
  preferFile?: string,
): Map<string, FragmentDefinitionNode> {
  const index = new Map<string, FragmentDefinitionNode>();
  const ordered = [...docs].sort((a, b) => Number(b.file === preferFile) - Number(a.file === preferFile));
  for (const doc of ordered) {
    try {
      for (const d of parse(doc.text).definitions)
        if (d.kind === Kind.FRAGMENT_DEFINITION && !index.has(d.name.value)) index.set(d.name.value, d);
    } catch {}
  }
  return index;
}

/** Adds the definitions of fragments the document spreads but does not define (transitively). */
function withFragments(parsed: DocumentNode, fragments: Map<string, FragmentDefinitionNode>): DocumentNode {
  const definitions: DefinitionNode[] = [...parsed.definitions];
  const defined = new Set(
    definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [d.name.value] : [])),
  );
  for (let i = 0; i < definitions.length; i++) {
    visit(definitions[i] as DefinitionNode, {
      FragmentSpread(node) {
        const fragment = fragments.get(node.name.value);
        if (fragment && !defined.has(node.name.value)) {
          defined.add(node.name.value);
          definitions.push(fragment);
        }
      },
    });
  }
  return { ...parsed, definitions };
}

/**
 * Problems with one document, each naming its file and line ([] when it is
 * valid). Fragments it spreads without defining come from `fragments`
 * (the app composes queries from shared fragments at run time).
 */
export function validateDocument(
  schema: GraphQLSchema,
  doc: GraphqlDocument,
  fragments: Map<string, FragmentDefinitionNode> = new Map(),
): string[] {
  const where = `${doc.file}:${doc.line}`;
  if (doc.unresolved.length)
    return [`${where}: cannot resolve \${${doc.unresolved.join("}, ${")}} in the document`];
  let parsed: DocumentNode;
  try {
    parsed = parse(doc.text);
  } catch (e) {
    return [`${where}: ${(e as Error).message}`];
  }
  // A document holding only fragments is checked without the "unused fragment" rule.
  const fragmentsOnly = parsed.definitions.every((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  parsed = withFragments(parsed, fragments);
  return validate(schema, parsed, fragmentsOnly ? FRAGMENT_RULES : specifiedRules).map(
    (e) => `${where}: ${e.message}${e.locations?.[0] ? ` (document line ${e.locations[0].line})` : ""}`,
  );
}
