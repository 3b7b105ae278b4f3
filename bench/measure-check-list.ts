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
const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify({ maxRssMb, groupA: report.groupA, groupB: report.groupB }));
