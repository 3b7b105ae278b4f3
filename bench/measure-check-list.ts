/** Child process of the bench: one check-list run, then its own peak RSS. */
import { runListCheck } from "../app/list-check/check-list";

const [file, outDir] = process.argv.slice(2);
if (!file || !outDir) throw new Error("usage: measure-check-list <file> <out dir>");
const report = await runListCheck({
  file,
  outDir,
  brand: "Acme Coffee",
  defaultCountry: "US",
  overrides: {},
});
// All threads of the process, its workers included.
const usage = process.resourceUsage();
const maxRssMb = Math.round(usage.maxRSS / 1024);
const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
console.log(JSON.stringify({ maxRssMb, cpuSeconds, groupA: report.groupA, groupB: report.groupB }));
