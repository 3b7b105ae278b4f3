/**
 * The version of the rules that judge consent (wording judge, proof checks,
 * list rules). Stored with every classification and printed in the evidence
 * pack, so a merchant can see which rules judged an export; stored
 * classifications made under another version are recomputed.
 * Change it whenever a change to app/consent can move a contact between segments.
 */
export const CONSENT_RULES_VERSION = "2026-12-04.5";
