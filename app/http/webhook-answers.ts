/**
 * The answers a webhook delivery gets. Refusals are plain text (Shopify
 * shows the text in the app's delivery log) and say what to fix.
 */
import type { ProblemKind } from "../problem";
import { refuse } from "./answers";

/** A refusal of a delivery, as plain text. */
export const refuseDelivery = (kind: ProblemKind, message: string): Response =>
  refuse(kind, message, { text: true });

/** A payload that fails validation: acknowledged (retrying cannot fix it) but not applied. */
export const rejectedPayload = (topic: string, problem: string): Response =>
  refuse("unprocessable", `${topic} payload not understood: ${problem}`);
