/**
 * The contacts page's state as it lives in the URL: filters, search, sort
 * and the keyset cursor, read with one zod schema (shared by the loader and
 * the page, which builds its links from the same names).
 */
import { z } from "zod";
import { REASON_CODES, SEGMENTS, SOURCE_KINDS } from "../consent/types";

export const CONTACT_SORTS = ["decided_desc", "decided_asc", "added_desc", "added_asc"] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];

export const PAGE_SIZE = 50;

/** A position in the list: the sort column's value (ISO time, or null) and the row id. */
export interface ContactCursor {
  value: string | null;
  id: string;
}

export function encodeCursor(cursor: ContactCursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id]), "utf8").toString("base64url");
}

const CursorParam = z.string().transform((text, context): ContactCursor => {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    const [value, id] = z
      .tuple([z.iso.datetime({ offset: true }).nullable(), z.string().min(1).max(64)])
      .parse(decoded);
    return { value, id };
  } catch {
    context.addIssue({
      code: "custom",
      message: "The page link is damaged; start again from the first page.",
    });
    return z.NEVER;
  }
});

const Day = z.iso.date({ message: "Dates must look like 2026-03-31." });

export const ContactListQuery = z
  .object({
    segment: z.enum(SEGMENTS).optional(),
    reason: z.enum(REASON_CODES).optional(),
    source: z.enum(SOURCE_KINDS).optional(),
    from: Day.optional(),
    to: Day.optional(),
    q: z
      .string()
      .trim()
      .min(2, { message: "Type at least 2 characters to search." })
      .max(100, { message: "Search for at most 100 characters." })
      .optional(),
    sort: z.enum(CONTACT_SORTS).default("decided_desc"),
    after: CursorParam.optional(),
    before: CursorParam.optional(),
  })
  .refine((query) => !(query.after && query.before), {
    message: "Use either after or before, not both.",
    path: ["before"],
  })
  .refine((query) => !(query.from && query.to && query.from > query.to), {
    message: "The start date is after the end date.",
    path: ["from"],
  });

export type ContactListQuery = z.infer<typeof ContactListQuery>;

/** Search params to a plain object: empty values mean "not set" (a cleared filter field). */
export function queryObject(params: URLSearchParams): Record<string, string> {
  const object: Record<string, string> = {};
  for (const [key, value] of params) if (value !== "") object[key] = value;
  return object;
}
