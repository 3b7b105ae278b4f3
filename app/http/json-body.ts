/**
 * A JSON request body checked against a schema: a malformed body is an
 * `invalid` problem naming the first field at fault, a body over the route's
 * byte limit a `too_large` one (see body-limits.ts).
 */
import type { z } from "zod";
import { problem, type Result, success } from "../problem";
import { readBody } from "./body-limits";
import { parseJsonText } from "./json-text";

export async function parseJsonBody<T extends z.ZodType>(
  request: Request,
  schema: T,
): Promise<Result<z.infer<T>>> {
  const text = await readBody(request);
  if (!text.ok) return text;
  const json = parseJsonText(text.value);
  if (!json.ok) return problem("invalid", json.error);
  const parsed = schema.safeParse(json.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return problem("invalid", issue?.message ?? "Invalid request.", issue?.path.join("."));
  }
  return success(parsed.data);
}
