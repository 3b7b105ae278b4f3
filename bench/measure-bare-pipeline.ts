/**
 * Child process of the list-check bench: the bare pipeline under a list check,
 * the floor it is measured against. It only parses the CSV with csv-parse and
 * validates each row's phone with libphonenumber (the build the app uses), in
 * one thread, with no classification and no output. Prints its wall and CPU time.
 */
import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import { isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js/max/es6";

const [file] = process.argv.slice(2);
if (!file) throw new Error("usage: measure-bare-pipeline <file>");
const started = performance.now();
let rows = 0;
let valid = 0;
const parser = createReadStream(file).pipe(parse({ columns: true, bom: true }));
for await (const record of parser as AsyncIterable<Record<string, string>>) {
  rows += 1;
  // The row's country when it is a code libphonenumber knows, else the list's default (US).
  const country = record.Country && isSupportedCountry(record.Country) ? record.Country : "US";
  if (parsePhoneNumberFromString(record["Phone Number"] ?? "", country)?.isValid()) valid += 1;
}
const usage = process.resourceUsage();
console.log(
  JSON.stringify({
    rows,
    valid,
    wallSeconds: (performance.now() - started) / 1000,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
  }),
);
