/**
 * The readiness self-check (product.md): the four questions a WhatsApp
 * platform asks before accepting an import, each answered from the shop's
 * data with pass or fail, the figures behind it and the page that fixes it,
 * then two questions of our own that make the answer honest: is a capture
 * point live, and is anyone exportable? (Four passes over an empty export
 * would tell a store it is ready when it has nothing to send.)
 * Pure: it reads the grouped counts and setup facts the dashboard already has.
 */
import type { ReasonCode, Segment } from "../consent/types";

export type ReadinessId =
  | "consent_text"
  | "timestamp_source"
  | "channel_clarity"
  | "scope_control"
  | "capture_live"
  | "exportable";

export interface ReadinessCheck {
  id: ReadinessId;
  pass: boolean;
  /** Numbers the sentence of the check is built from (see the page's strings). */
  figures: Record<string, number>;
  fixUrl: string;
}

interface Inputs {
  groups: readonly { segment: Segment; reasons: readonly ReasonCode[]; count: number }[];
  texts: readonly { inUseAt: readonly string[]; namesWhatsApp: boolean; namesBrand: boolean }[];
  exportable: number;
  captureLive: boolean;
}

const WHATSAPP_SEGMENTS: readonly Segment[] = ["whatsapp_substantiated", "whatsapp_unsubstantiated"];
/** Reasons that mean the consent is about another channel, or none. */
const OTHER_CHANNEL_REASONS: readonly ReasonCode[] = [
  "NO_WHATSAPP_OPT_IN",
  "SMS_ONLY",
  "EMAIL_ONLY",
  "UNCLEAR_CHANNEL",
  "TRANSACTIONAL_ONLY",
];

export function readinessChecks({ groups, texts, exportable, captureLive }: Inputs): ReadinessCheck[] {
  const count = (keep: (group: Inputs["groups"][number]) => boolean) =>
    groups.filter(keep).reduce((sum, group) => sum + group.count, 0);

  const inUse = texts.filter((text) => text.inUseAt.length > 0);
  const failing = texts.filter((text) => !text.namesWhatsApp || !text.namesBrand);
  const failingInUse = inUse.filter((text) => !text.namesWhatsApp || !text.namesBrand);

  const candidates = count((group) => WHATSAPP_SEGMENTS.includes(group.segment));
  const withoutTimeOrSource = count(
    (group) =>
      WHATSAPP_SEGMENTS.includes(group.segment) &&
      (group.reasons.includes("MISSING_TIMESTAMP") || group.reasons.includes("MISSING_SOURCE")),
  );

  const provenButOtherChannel = count(
    (group) =>
      group.segment === "whatsapp_substantiated" &&
      group.reasons.some((reason) => OTHER_CHANNEL_REASONS.includes(reason)),
  );
  const unproven = count((group) => group.segment === "whatsapp_unsubstantiated");
  const unclear = count((group) => group.segment === "unclear");
  const proven = count((group) => group.segment === "whatsapp_substantiated");

  return [
    {
      id: "consent_text",
      // Wording in use must name WhatsApp and the brand; with none in use nothing can be proven.
      pass: inUse.length > 0 && failingInUse.length === 0,
      figures: {
        versions: texts.length,
        inUse: inUse.length,
        failing: failing.length,
        failingInUse: failingInUse.length,
      },
      fixUrl: "/app/consent-texts",
    },
    {
      id: "timestamp_source",
      pass: candidates > 0 && withoutTimeOrSource === 0,
      figures: {
        candidates,
        complete: candidates - withoutTimeOrSource,
        missing: withoutTimeOrSource,
        percent: candidates === 0 ? 0 : Math.floor(((candidates - withoutTimeOrSource) / candidates) * 100),
      },
      fixUrl: candidates === 0 ? "/app/capture" : "/app/contacts?reason=MISSING_TIMESTAMP",
    },
    {
      id: "channel_clarity",
      pass: provenButOtherChannel === 0,
      figures: { provenButOtherChannel, unproven },
      fixUrl:
        provenButOtherChannel > 0
          ? "/app/contacts?segment=whatsapp_substantiated"
          : "/app/contacts?segment=whatsapp_unsubstantiated",
    },
    {
      id: "scope_control",
      // The export reads only proven contacts with nothing against them; everyone else stays out.
      pass: exportable <= proven,
      figures: { exportable, excluded: Math.max(0, count(() => true) - exportable), unclear, unproven },
      fixUrl: "/app/export",
    },
    {
      id: "capture_live",
      pass: captureLive,
      figures: {},
      fixUrl: "/app/capture",
    },
    {
      id: "exportable",
      pass: exportable > 0,
      figures: { exportable, unproven },
      // With no capture point live, new proof can only come from turning one on.
      fixUrl: !captureLive
        ? "/app/capture"
        : unproven > 0
          ? "/app/contacts?segment=whatsapp_unsubstantiated"
          : "/app/capture",
    },
  ];
}
