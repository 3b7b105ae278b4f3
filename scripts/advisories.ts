/**
 * Matching the lockfile's installed versions against known advisories,
 * for the offline advisory check (check-advisories.ts). Ranges are
 * space-separated comparators that must all hold (`>=2.0.0 <3.0.0`), or
 * `||`-separated alternatives of those; pre-release tags compare lower than
 * their release.
 */
import { z } from "zod";

export const Advisory = z.object({
  id: z.string().min(1),
  package: z.string().min(1),
  vulnerable: z.string().min(1),
  summary: z.string(),
  accepted: z.string().optional(),
});
export type Advisory = z.infer<typeof Advisory>;

export interface AdvisoryMatch {
  advisory: Advisory;
  name: string;
  version: string;
  /** Where in node_modules it is installed. */
  where: string[];
}

/** name -> version -> install paths, from a package-lock.json (lockfileVersion 2 or 3). */
export function installedVersions(lock: unknown): Map<string, Map<string, string[]>> {
  const packages = z
    .object({
      packages: z.record(
        z.string(),
        z.object({ version: z.string().optional(), name: z.string().optional() }),
      ),
    })
    .parse(lock).packages;
  const installed = new Map<string, Map<string, string[]>>();
  for (const [where, entry] of Object.entries(packages)) {
    if (!where || !entry.version) continue;
    const name = entry.name ?? where.slice(where.lastIndexOf("node_modules/") + "node_modules/".length);
    const versions = installed.get(name) ?? new Map<string, string[]>();
    versions.set(entry.version, [...(versions.get(entry.version) ?? []), where]);
    installed.set(name, versions);
  }
  return installed;
}

type Version = [number, number, number, string];

function parseVersion(text: string): Version | null {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+.*)?$/.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3]), match[4] ?? ""] : null;
}

function compare(a: Version, b: Version): number {
  for (let index = 0; index < 3; index++) {
    const difference = (a[index] as number) - (b[index] as number);
    if (difference !== 0) return Math.sign(difference);
  }
  if (a[3] === b[3]) return 0;
  if (!a[3]) return 1;
  if (!b[3]) return -1;
  return a[3] < b[3] ? -1 : 1;
}

/** True when `version` is in `range`; a range or version that cannot be read matches (in doubt, flag it). */
export function inRange(version: string, range: string): boolean {
  const parsed = parseVersion(version);
  if (!parsed) return true;
  return range.split("||").some((alternative) =>
    alternative
      .trim()
      .split(/\s+/)
      .every((comparator) => {
        const match = /^(<=|>=|<|>|=)?(.+)$/.exec(comparator);
        const bound = match?.[2] ? parseVersion(match[2]) : null;
        if (!match || !bound) return true;
        const order = compare(parsed, bound);
        switch (match[1]) {
          case "<":
            return order < 0;
          case "<=":
            return order <= 0;
          case ">":
            return order > 0;
          case ">=":
            return order >= 0;
          default:
            return order === 0;
        }
      }),
  );
}

export function matchAdvisories(
  installed: Map<string, Map<string, string[]>>,
  advisories: unknown[],
): AdvisoryMatch[] {
  const matches: AdvisoryMatch[] = [];
  for (const advisory of advisories.map((entry) => Advisory.parse(entry))) {
    for (const [version, where] of installed.get(advisory.package) ?? []) {
      if (inRange(version, advisory.vulnerable))
        matches.push({ advisory, name: advisory.package, version, where });
    }
  }
  return matches;
}
