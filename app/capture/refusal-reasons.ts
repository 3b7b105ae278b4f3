/** Why the app refused a capture, as counted for the capture page (see refusals.server.ts). */
export const REFUSAL_REASONS = ["wrong_wording", "bad_signature", "rate_limited", "invalid_input"] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];
export type RefusalCounts = Record<RefusalReason, number>;
