import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cli, listFiles, readCsv, workDir, writeCsv } from "../helpers/cli";

// No comma inside, so the semicolon variant below can swap every delimiter blindly.
const GOOD = "Yes! Send me offers from Acme Coffee on WhatsApp. Reply STOP to unsubscribe.";
const HEADER =
  "Phone Number,First Name,Email,WhatsApp Opt In,SMS Consent,Accepts Marketing,Opt-in Date,Signup Source,Consent Text,Unsubscribed At";

/** Rows whose outcome the test states up front. */
const ROWS = {
  proven: `+34612345678,Lucía,lucia@example.com,yes,,,2026-03-01T10:00:00Z,https://acme.example/pages/wa,"${GOOD}",`,
  provenNational: `(415) 555-2671,Sam,sam@example.com,TRUE,,,2026-03-02 09:00:00,popup-7,"${GOOD}",`,
  noText: "+5511987654321,Ana,,yes,,,2026-03-03T10:00:00Z,checkout,,",
  smsOnly: "+447911123456,Oli,,no,subscribed,,,,,",
  generic: "+4930901820,Jonas,,,,yes,,,,",
  optedOut: `+33612345678,Chloé,,yes,,,2026-01-01T00:00:00Z,form,"${GOOD}",2026-02-01T00:00:00Z`,
  duplicateWeaker: "+34 612 34 56 78,Lucía again,,,yes,,,,,",
  invalid: `12,Bad,,yes,,,2026-03-01T10:00:00Z,form,"${GOOD}",`,
};

function sampleCsv(rows: string[] = Object.values(ROWS)): string {
  return `${[HEADER, ...rows].join("\r\n")}\r\n`;
}

async function checkList(file: string, out: string, ...extra: string[]) {
  return cli("check-list", file, "--brand", "Acme Coffee", "--default-country", "US", "--out", out, ...extra);
}

describe("wa-consent check-list", () => {
  it("puts only substantiated WhatsApp opt-ins in group A, once per phone", async () => {
    const dir = workDir();
    const result = await checkList(writeCsv(dir, "list.csv", sampleCsv()), path.join(dir, "out"));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const groupA = readCsv(path.join(dir, "out/group-a.csv"));
    expect(groupA.map((row) => row.phone_e164).sort()).toEqual(["+14155552671", "+34612345678"]);
    const lucia = groupA.find((row) => row.phone_e164 === "+34612345678");
    expect(lucia).toMatchObject({
      first_name: "Lucía",
      opt_in_at: "2026-03-01T10:00:00.000Z",
      opt_in_source: "https://acme.example/pages/wa",
      consent_text: GOOD,
      opt_in_level: "single",
      evidence_id: "list.csv:2",
    });
    expect(lucia?.consent_text_sha256).toMatch(/^[0-9a-f]{64}$/);

    const groupB = readCsv(path.join(dir, "out/group-b.csv"));
    const byName = Object.fromEntries(groupB.map((row) => [row["First Name"], row]));
    expect(byName.Ana?.segment).toBe("whatsapp_unsubstantiated");
    expect(byName.Ana?.reasons).toBe("MISSING_CONSENT_TEXT");
    expect(byName.Oli).toMatchObject({ segment: "sms_only", reasons: "NO_WHATSAPP_OPT_IN;SMS_ONLY" });
    expect(byName.Jonas).toMatchObject({ segment: "unclear", reasons: "NO_WHATSAPP_OPT_IN;UNCLEAR_CHANNEL" });
    expect(byName.Chloé).toMatchObject({ segment: "opted_out", reasons: "OPTED_OUT" });
    expect(byName["Lucía again"]).toMatchObject({
      reasons: "NO_WHATSAPP_OPT_IN;SMS_ONLY;DUPLICATE",
      duplicate_of: "list.csv:2",
    });
    expect(byName.Bad?.reasons).toContain("INVALID_PHONE");
    expect(groupB).toHaveLength(6);

    const report = JSON.parse(readFileSync(path.join(dir, "out/report.json"), "utf8"));
    expect(report).toMatchObject({ rows: 8, groupA: 2, groupB: 6 });
    expect(Object.values(report.segments as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(8);
    expect(report.reasons.DUPLICATE).toBe(1);
    expect(result.stdout).toContain("Group A, ready to import as WhatsApp subscribers: 2");
  });

  it("an opt-out written in one form of an Argentine or Brazilian line keeps the opt-in written in the other out of group A", async () => {
    const dir = workDir();
    const optIn = (phone: string, name: string) =>
      `${phone},${name},,yes,,,2026-03-01T10:00:00Z,https://acme.example/pages/wa,"${GOOD}",`;
    const optOut = (phone: string, name: string) =>
      `${phone},${name},,yes,,,2026-01-01T00:00:00Z,form,"${GOOD}",2026-04-01T00:00:00Z`;
    const csv = sampleCsv([
      optIn("+54 9 11 4345 6789", "Martina"),
      optOut("+54 11 4345 6789", "Martina stopped"),
      optIn("+55 11 98123-4567", "João"),
      optOut("+55 11 8123-4567", "João stopped"),
      optIn("+55 11 98123-4568", "Maria"),
    ]);
    const result = await checkList(writeCsv(dir, "lines.csv", csv), path.join(dir, "out"));
    expect(result.code).toBe(0);
    expect(readCsv(path.join(dir, "out/group-a.csv")).map((row) => row.first_name)).toEqual(["Maria"]);
    const groupB = Object.fromEntries(
      readCsv(path.join(dir, "out/group-b.csv")).map((row) => [row["First Name"], row.reasons]),
    );
    expect(groupB.Martina).toContain("DUPLICATE");
    expect(groupB.João).toContain("DUPLICATE");
  });

  it("reads every column that can withhold consent, not only the first one its header matches", async () => {
    const dir = workDir();
    const header = `${HEADER},WhatsApp Consent,Opt Out,Unsubscribed from WhatsApp,WhatsApp consent withdrawn,Do Not Contact,WhatsApp Opt In`;
    const optIn = (phone: string, name: string, extra: string) =>
      `${phone},${name},,yes,,,2026-03-01T10:00:00Z,https://acme.example/pages/wa,"${GOOD}",,${extra}`;
    const csv = `${[
      header,
      optIn("+34612345601", "Kept", ",,,,,"),
      optIn("+34612345602", "Second consent column says no", "no,,,,,"),
      optIn("+34612345603", "Second consent column unsubscribed", "unsubscribed,,,,,"),
      optIn("+34612345604", "Second opt-out column", ",true,,,,"),
      optIn("+34612345605", "Unsubscribed from WhatsApp", ",,2026-04-01,,,"),
      optIn("+34612345606", "Consent withdrawn", ",,,yes,,"),
      optIn("+34612345607", "Do not contact", ",,,,x,"),
      optIn("+34612345608", "Duplicate header says no", ",,,,,no"),
    ].join("\r\n")}\r\n`;
    const result = await checkList(writeCsv(dir, "extra.csv", csv), path.join(dir, "out"));
    expect(result.code).toBe(0);
    expect(readCsv(path.join(dir, "out/group-a.csv")).map((row) => row.first_name)).toEqual(["Kept"]);
    const groupB = Object.fromEntries(
      readCsv(path.join(dir, "out/group-b.csv")).map((row) => [row["First Name"], row.segment]),
    );
    expect(groupB).toEqual({
      "Second consent column says no": "unclear",
      "Second consent column unsubscribed": "opted_out",
      "Second opt-out column": "opted_out",
      "Unsubscribed from WhatsApp": "opted_out",
      "Consent withdrawn": "opted_out",
      "Do not contact": "opted_out",
      "Duplicate header says no": "unclear",
    });
  });

  it("a marketing status that names no channel and says unsubscribed withdraws the WhatsApp opt-in too; a plain 'no' does not", async () => {
    const dir = workDir();
    const optIn = (phone: string, name: string, marketing: string) =>
      `${phone},${name},,yes,,${marketing},2026-03-01T10:00:00Z,https://acme.example/pages/wa,"${GOOD}",`;
    const csv = sampleCsv([
      optIn("+34612345601", "No generic consent", "no"),
      optIn("+34612345602", "Unsubscribed from marketing", "unsubscribed"),
      optIn("+34612345603", "Marketing consent revoked", "revoked"),
    ]);
    const result = await checkList(writeCsv(dir, "marketing.csv", csv), path.join(dir, "out"));
    expect(result.code).toBe(0);
    expect(readCsv(path.join(dir, "out/group-a.csv")).map((row) => row.first_name)).toEqual([
      "No generic consent",
    ]);
    const segments = readCsv(path.join(dir, "out/group-b.csv")).map((row) => row.segment);
    expect(segments).toEqual(["opted_out", "opted_out"]);
  });

  it("an opt-out dated without a time (or a second), or before WhatsApp existed, is not older than an opt-in that day (or minute), in its own row or another", async () => {
    const dir = workDir();
    const row = (phone: string, name: string, optIn: string, optOut: string) =>
      `${phone},${name},,${optIn ? "yes" : ""},,,${optIn},${optIn ? "https://acme.example/pages/wa" : ""},${optIn ? `"${GOOD}"` : ""},${optOut}`;
    const csv = sampleCsv([
      row("+34612345601", "Opted out the day before", "2026-03-01T10:00:00Z", "2026-02-28"),
      row("+34612345602", "Opted out that day", "2026-03-01T10:00:00Z", "2026-03-01"),
      row("+34612345603", "Opt-out dated 1970", "2026-03-01T10:00:00Z", "1970-01-01T00:00:00Z"),
      row("+34612345604", "Opt-in", "2026-03-01T10:00:00Z", ""),
      row("+34612345604", "Its opt-out that day", "", "2026-03-01"),
      row("+34612345605", "Another opt-in", "2026-03-01T10:00:00Z", ""),
      row("+34612345605", "Its opt-out dated 1970", "", "1970-01-01"),
      row("+34612345606", "Opted out that minute", "2026-03-01T10:15:30Z", "2026-03-01 10:15"),
      row("+34612345607", "Opted out that second", "2026-03-01T10:15:30.250Z", "2026-03-01 10:15:30"),
      row("+34612345608", "Opted out the minute before", "2026-03-01T10:15:30Z", "2026-03-01 10:14"),
    ]);
    const result = await checkList(writeCsv(dir, "days.csv", csv), path.join(dir, "out"));
    expect(result.code).toBe(0);
    expect(readCsv(path.join(dir, "out/group-a.csv")).map((row) => row.first_name)).toEqual([
      "Opted out the day before",
      "Opted out the minute before",
    ]);
  });

  it("an opt-out whose digits a country reads as a national number also stops the international number they make with a '+'", async () => {
    const dir = workDir();
    const csv = [
      "Phone,Country,WhatsApp Opt In,Opt-in Date,Signup Source,Consent Text,Unsubscribed At",
      `+4915112345678,DE,yes,2026-03-01T10:00:00Z,https://acme.example/pages/wa,"${GOOD}",`,
      "4915112345678,DE,,,,,2026-04-01T00:00:00Z",
      `+4915112345679,DE,yes,2026-03-01T10:00:00Z,https://acme.example/pages/wa,"${GOOD}",`,
    ].join("\r\n");
    const result = await checkList(writeCsv(dir, "lost-plus.csv", `${csv}\r\n`), path.join(dir, "out"));
    expect(result.code).toBe(0);
    expect(readCsv(path.join(dir, "out/group-a.csv")).map((row) => row.phone_e164)).toEqual([
      "+4915112345679",
    ]);
  });

  it("a file with an SMS provider's headers and a WhatsApp consent column: its opt-outs withdraw WhatsApp too", async () => {
    const dir = workDir();
    const header =
      "subscriber_phone,WhatsApp Opt In,WhatsApp Opt In Date,WhatsApp Opt In Source,WhatsApp Consent Text,Unsubscribed At";
    const row = (phone: string, optOut: string) =>
      `${phone},yes,2026-03-01T10:00:00Z,https://acme.example/pages/wa,"${GOOD}",${optOut}`;
    const csv = `${[header, row("+34612345601", ""), row("+34612345602", "2026-04-01T00:00:00Z"), row("+34612345603", "yes")].join("\r\n")}\r\n`;
    const result = await checkList(writeCsv(dir, "attentive-like.csv", csv), path.join(dir, "out"));
    expect(result.code).toBe(0);
    expect(readCsv(path.join(dir, "out/group-a.csv")).map((row) => row.phone_e164)).toEqual(["+34612345601"]);
  });

  it("an SMS provider's subscription date (subscriber_created_at_utc) is no timestamp of a WhatsApp opt-in in the same file", async () => {
    const dir = workDir();
    const csv = [
      "phone_number,WhatsApp Opt In,subscriber_created_at_utc,source,Consent Text",
      `+34612345601,yes,2026-03-01T10:00:00Z,https://acme.example/pages/wa,"${GOOD}"`,
    ].join("\r\n");
    const result = await checkList(writeCsv(dir, "sms-date.csv", `${csv}\r\n`), path.join(dir, "out"));
    expect(result.code).toBe(0);
    expect(readCsv(path.join(dir, "out/group-a.csv"))).toEqual([]);
    expect(readCsv(path.join(dir, "out/group-b.csv"))[0]).toMatchObject({
      segment: "whatsapp_unsubstantiated",
      reasons: "MISSING_TIMESTAMP",
    });
  });

  it("reads BOM, semicolons, LF line ends and quoted newlines the same way", async () => {
    const dir = workDir();
    await checkList(writeCsv(dir, "plain.csv", sampleCsv()), path.join(dir, "plain"));
    const variant = `\uFEFF${sampleCsv()
      .replaceAll("\r\n", "\n")
      .replace(/,/g, ";")
      .replace("Jonas", '"Jo;\nnas"')}`;
    const result = await checkList(writeCsv(dir, "variant.csv", variant), path.join(dir, "variant"));
    expect(result.code).toBe(0);
    const plain = readCsv(path.join(dir, "plain/group-a.csv"));
    const other = readCsv(path.join(dir, "variant/group-a.csv"));
    expect(other.map((row) => row.phone_e164)).toEqual(plain.map((row) => row.phone_e164));
    expect(other.map((row) => row.consent_text_sha256)).toEqual(plain.map((row) => row.consent_text_sha256));
    const multiline = readCsv(path.join(dir, "variant/group-b.csv")).find((row) =>
      (row.reasons ?? "").includes("UNCLEAR"),
    );
    expect(multiline?.["First Name"]).toBe("Jo;\nnas");
  });

  it("--map points a field at a header it could not guess", async () => {
    const dir = workDir();
    const csv = `Contact,WA\r\n+34612345678,yes\r\n`;
    const file = writeCsv(dir, "odd.csv", csv);
    const unmapped = await checkList(file, path.join(dir, "a"));
    expect(unmapped.code).toBe(2);
    expect(unmapped.stderr).toContain("no phone column");
    const mapped = await checkList(
      file,
      path.join(dir, "b"),
      "--map",
      "phone=Contact",
      "--map",
      "whatsapp_opt_in=WA",
    );
    expect(mapped.code).toBe(0);
    const [row] = readCsv(path.join(dir, "b/group-b.csv"));
    expect(row).toMatchObject({ segment: "whatsapp_unsubstantiated", phone_e164: "+34612345678" });
  });

  it("classifies each row the same whatever the order of the rows", async () => {
    const rows = Object.values(ROWS);
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(rows, { minLength: rows.length }), async (shuffled) => {
        const dir = workDir();
        const first = await checkList(writeCsv(dir, "a.csv", sampleCsv(rows)), path.join(dir, "a"));
        const second = await checkList(writeCsv(dir, "b.csv", sampleCsv(shuffled)), path.join(dir, "b"));
        expect([first.code, second.code]).toEqual([0, 0]);
        const outcome = (out: string) => {
          const a = readCsv(path.join(dir, out, "group-a.csv")).map(
            (row) => `A ${row.phone_e164} ${row.first_name}`,
          );
          const b = readCsv(path.join(dir, out, "group-b.csv")).map(
            (row) => `B ${row["First Name"]} ${row.segment} ${row.reasons}`,
          );
          return [...a, ...b].sort();
        };
        expect(outcome("b")).toEqual(outcome("a"));
      }),
      { numRuns: 15 },
    );
  });
});

describe("wa-consent check-list on bad input", () => {
  const cases: [string, string | Buffer | null, string[], RegExp][] = [
    ["a missing file", null, [], /missing\.csv: no such file/],
    ["an empty file", "", [], /empty/],
    [
      "no phone column",
      "Name,Email\r\nAna,a@example.com\r\n",
      [],
      /no phone column found; headers seen: "Name", "Email"/,
    ],
    [
      "an unbalanced quote",
      `${HEADER}\r\n+34612345678,"Ana,,,,,,,,\r\n`,
      [],
      /bad\.csv:\d+: a quoted field is never closed/,
    ],
    [
      "a short row",
      `${HEADER}\r\n${ROWS.proven}\r\n+34612345679,Ana\r\n`,
      [],
      /bad\.csv:3: this row has 2 columns but the header row has 10/,
    ],
    [
      "invalid UTF-8",
      Buffer.concat([
        Buffer.from(`${HEADER}\r\n+34612345678,`),
        Buffer.from([0xc3, 0x28]),
        Buffer.from(",,,,,,,,\r\n"),
      ]),
      [],
      /bad\.csv:2: the file is not valid UTF-8/,
    ],
    ["UTF-16", Buffer.from(`\uFEFF${HEADER}\r\n`, "utf16le"), [], /UTF-16/],
    ["a bad country", `${HEADER}\r\n`, ["--default-country", "Spain"], /two-letter ISO country code/],
    ["a bad --map field", `${HEADER}\r\n`, ["--map", "telephone=Phone Number"], /unknown field "telephone"/],
    ["a bad --map header", `${HEADER}\r\n`, ["--map", "phone=Mobile"], /no column "Mobile"/],
    ["a malformed --map", `${HEADER}\r\n`, ["--map", "phone"], /--map takes field=Header/],
  ];

  it.each(cases)(
    "%s: exit 2, one clear message, no output left behind",
    async (_name, content, extra, message) => {
      const dir = workDir();
      const file = content === null ? path.join(dir, "missing.csv") : writeCsv(dir, "bad.csv", content);
      const out = path.join(dir, "out");
      const result = await checkList(file, out, ...extra);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe("");
      expect(listFiles(out)).toEqual([]);
    },
  );

  it("removes an earlier run's results when a later run fails: nothing stale looks current", async () => {
    const dir = workDir();
    const out = path.join(dir, "out");
    expect((await checkList(writeCsv(dir, "good.csv", sampleCsv()), out)).code).toBe(0);
    expect(listFiles(out)).toEqual(["group-a.csv", "group-b.csv", "report.json"]);
    const broken = writeCsv(dir, "broken.csv", `${sampleCsv()}+34612345679,"unclosed\r\n`);
    expect((await checkList(broken, out)).code).toBe(2);
    expect(listFiles(out)).toEqual([]);
  });
});
