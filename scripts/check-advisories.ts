/**
 * The offline dependency-advisory check (`npm run audit:offline`): every
 * package version in package-lock.json against security/advisories.json.
 * Prints each match; exits 1 when a match is not accepted there, 2 when a
 * file cannot be read. Works without a network; it knows only the
 * advisories written in that file.
 *   npm run audit:offline [-- other-advisories.json]
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { type Advisory, installedVersions, matchAdvisories } from "./advisories";

const root = path.resolve(import.meta.dirname, "..");
try {
  const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8"));
  const list = JSON.parse(
    readFileSync(path.resolve(root, process.argv[2] ?? "security/advisories.json"), "utf8"),
  );
  const matches = matchAdvisories(installedVersions(lock), list.advisories as Advisory[]);
  for (const match of matches) {
    const verdict = match.advisory.accepted ? `accepted: ${match.advisory.accepted}` : "NOT ACCEPTED";
    console.log(
      `${match.advisory.id} ${match.name}@${match.version} at ${match.where.join(", ")}: ${verdict}`,
    );
  }
  const open = matches.filter((match) => !match.advisory.accepted);
  console.log(`${matches.length} advisory matches, ${open.length} not accepted`);
  process.exit(open.length > 0 ? 1 : 0);
} catch (error) {
  console.error(`audit:offline: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
