/** What `wa-consent --help` and `wa-consent <command> --help` print. */

export const COMMAND_USAGE = {
  "check-text": `Usage: wa-consent check-text "<consent text>" --brand "<name>" [--json]

Says whether wording is acceptable for WhatsApp marketing consent
(exit 0 acceptable, 1 not acceptable, 2 bad usage).

  --brand <name>   your brand, as the wording must name it (required)
  --json           print the whole analysis as JSON
`,
  "check-list": `Usage: wa-consent check-list <file.csv> --brand "<name>" --out <dir> [options]

Sorts a subscriber export into group-a.csv (substantiated WhatsApp opt-ins),
group-b.csv (everyone else, with reasons) and report.json, written in <dir>.
Exit 0 done; 2 bad usage, or a file that cannot be read or written (a failed
run leaves no group-a.csv, group-b.csv or report.json in <dir>).

  --brand <name>          your brand, as the consent wording must name it (required)
  --out <dir>             folder for the outputs, created when missing (required)
  --default-country XX    two-letter country for phone numbers written without
                          a + country code, e.g. ES
  --timezone <zone>       IANA time zone of the times written without one,
                          e.g. Europe/Madrid (default UTC); the report counts them
  --date-order dmy|mdy    how to read a date such as 03/04/2026: day first (dmy)
                          or month first (mdy); 25/03/2026, 04.03.2026 (day first)
                          and ISO dates need no option, and without it an
                          ambiguous date is no timestamp
  --map field=Header      read this field from this column (repeatable), e.g.
                          --map phone="Mobile Number"
  --json                  print the report as JSON
`,
  "verify-ledger": `Usage: wa-consent verify-ledger [--shop <domain>.myshopify.com] [--witness <evidence-pack.zip>] [--json]

Re-computes the consent hash chain of each shop in the database of
DATABASE_URL, re-hashes every consent wording and checks each event's
wording and each contact's phone against what the events committed to
(exit 0 intact, 1 broken or a mismatch, 2 bad usage).

  --shop <domain>     only this shop
  --witness <file>    an evidence pack (or its ledger-verification.json): the
                      chain head signed into it must still be in the chain;
                      needs SHOPIFY_API_SECRET, the app's secret
  --json              print the reports as JSON
`,
} as const;

export type CommandName = keyof typeof COMMAND_USAGE;

export const USAGE = `Usage: wa-consent <command> [options]

Commands:
  check-text     says whether wording is acceptable for WhatsApp marketing consent
  check-list     sorts a subscriber export into group-a.csv, group-b.csv and report.json
  verify-ledger  re-computes the consent hash chain of each shop in the database

${Object.values(COMMAND_USAGE)
  .map((usage) => usage.split("\n\n")[0])
  .join("\n")}

Run "wa-consent <command> --help" for what a command's options mean.
`;
