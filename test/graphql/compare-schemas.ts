/**
 * Compares the emulator's SDL with the Admin API reference, type by type:
 * every type the emulator defines must exist in the reference with the same
 * kind; its fields, their arguments (types and defaults) and nullability,
 * input fields, interfaces and enum values must be the reference's. The
 * emulator may leave out fields and types it never serves; anything else is
 * a difference, named by a stable key.
 */
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  print,
} from "graphql";

export interface SchemaDifference {
  /** e.g. "CurrencyCode:enum-values" or "Customer.addressesV2(first):missing-argument". */
  key: string;
  detail: string;
}

const BUILT_IN = new Set(["String", "Int", "Float", "Boolean", "ID"]);

function kindOf(type: GraphQLNamedType): string {
  if (isObjectType(type)) return "object";
  if (isInterfaceType(type)) return "interface";
  if (isInputObjectType(type)) return "input";
  if (isEnumType(type)) return "enum";
  if (isUnionType(type)) return "union";
  if (isScalarType(type)) return "scalar";
  return "unknown";
}

const defaultOf = (value: GraphQLArgument | GraphQLInputField) =>
  value.astNode?.defaultValue ? print(value.astNode.defaultValue) : "none";

function compareArguments(
  where: string,
  ours: readonly GraphQLArgument[],
  theirs: readonly GraphQLArgument[],
  out: SchemaDifference[],
) {
  const reference = new Map(theirs.map((arg) => [arg.name, arg]));
  for (const arg of ours) {
    const match = reference.get(arg.name);
    if (!match) {
      out.push({ key: `${where}(${arg.name}):unknown-argument`, detail: `the reference has no ${arg.name}` });
      continue;
    }
    if (String(arg.type) !== String(match.type))
      out.push({ key: `${where}(${arg.name}):argument-type`, detail: `${arg.type} vs ${match.type}` });
    if (defaultOf(arg) !== defaultOf(match))
      out.push({
        key: `${where}(${arg.name}):argument-default`,
        detail: `${defaultOf(arg)} vs ${defaultOf(match)}`,
      });
  }
  const ourNames = new Set(ours.map((arg) => arg.name));
  for (const arg of theirs)
    if (!ourNames.has(arg.name))
      out.push({ key: `${where}(${arg.name}):missing-argument`, detail: `${arg.name}: ${arg.type}` });
}

function compareFields(
  name: string,
  ours: Record<string, GraphQLField<unknown, unknown>>,
  theirs: Record<string, GraphQLField<unknown, unknown>>,
  out: SchemaDifference[],
) {
  for (const field of Object.values(ours)) {
    const match = theirs[field.name];
    const where = `${name}.${field.name}`;
    if (!match) {
      out.push({ key: `${where}:unknown-field`, detail: "the reference has no such field" });
      continue;
    }
    if (String(field.type) !== String(match.type))
      out.push({ key: `${where}:field-type`, detail: `${field.type} vs ${match.type}` });
    compareArguments(where, field.args, match.args, out);
  }
}

export function compareSchemas(emulator: GraphQLSchema, reference: GraphQLSchema): SchemaDifference[] {
  const out: SchemaDifference[] = [];
  for (const type of Object.values(emulator.getTypeMap())) {
    if (type.name.startsWith("__") || BUILT_IN.has(type.name)) continue;
    const match = reference.getType(type.name);
    if (!match) {
      out.push({ key: `${type.name}:unknown-type`, detail: "the reference has no such type" });
      continue;
    }
    if (kindOf(type) !== kindOf(match)) {
      out.push({ key: `${type.name}:kind`, detail: `${kindOf(type)} vs ${kindOf(match)}` });
      continue;
    }
    if ((isObjectType(type) || isInterfaceType(type)) && (isObjectType(match) || isInterfaceType(match))) {
      compareFields(type.name, type.getFields(), match.getFields(), out);
      const theirs = new Set(match.getInterfaces().map((i) => i.name));
      for (const iface of type.getInterfaces())
        if (!theirs.has(iface.name))
          out.push({ key: `${type.name}:implements-${iface.name}`, detail: "not in the reference" });
    } else if (isInputObjectType(type) && isInputObjectType(match)) {
      const theirs = match.getFields();
      const ours = type.getFields();
      for (const field of Object.values(ours)) {
        const other = theirs[field.name];
        const where = `${type.name}.${field.name}`;
        if (!other) out.push({ key: `${where}:unknown-input-field`, detail: "not in the reference" });
        else {
          if (String(field.type) !== String(other.type))
            out.push({ key: `${where}:input-field-type`, detail: `${field.type} vs ${other.type}` });
          if (defaultOf(field) !== defaultOf(other))
            out.push({
              key: `${where}:input-field-default`,
              detail: `${defaultOf(field)} vs ${defaultOf(other)}`,
            });
        }
      }
      for (const other of Object.values(theirs))
        if (!ours[other.name])
          out.push({
            key: `${type.name}.${other.name}:missing-input-field`,
            detail: `${other.name}: ${other.type}`,
          });
    } else if (isEnumType(type) && isEnumType(match)) {
      const ours = type
        .getValues()
        .map((v) => v.name)
        .sort();
      const theirs = match
        .getValues()
        .map((v) => v.name)
        .sort();
      const extra = ours.filter((v) => !theirs.includes(v));
      const missing = theirs.filter((v) => !ours.includes(v));
      if (extra.length) out.push({ key: `${type.name}:extra-enum-values`, detail: extra.join(", ") });
      if (missing.length) out.push({ key: `${type.name}:missing-enum-values`, detail: missing.join(", ") });
    } else if (isUnionType(type) && isUnionType(match)) {
      const theirs = new Set(match.getTypes().map((t) => t.name));
      for (const member of type.getTypes())
        if (!theirs.has(member.name))
          out.push({ key: `${type.name}:union-member-${member.name}`, detail: "not in the reference" });
    }
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}
