/**
 * The list rules that keep doubtful contacts out of group A, run through the
 * real CLI on files written here: opt-outs that are never dropped, phones
 * with labels, extensions and Mexico's old mobile "1".
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, readCsv, workDir, writeCsv } from "../helpers/cli";

const GOOD = "Yes! Send me offers from Acme Coffee on WhatsApp. Reply STOP to unsubscribe.";
const HEADER =
  "Phone Number,First Name,WhatsApp Opt In,Opt-in Date,Signup Source,Consent Text,Unsubscribed At";
const optIn = (phone: string, name: string) =>
  `${phone},${name},yes,2026-03-01T10:00:00Z,https://acme.example/pages/wa,"${GOOD}",`;
const optOut = (phone: string, name: string) => `"${phone}",${name},,,,,2026-04-01T00:00:00Z`;

async function check(rows: string[], ...extra: string[]) {
  const dir = workDir();
  const file = writeCsv(dir, "list.csv", `${[HEADER, ...rows].join("\r\n")}\r\n`);
  const out = path.join(dir, "out");
  const result = await cli("check-list", file, "--brand", "Acme Coffee", "--out", out, ...extra);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return {
    groupA: readCsv(path.join(out, "group-a.csv")),
    groupB: readCsv(path.join(out, "group-b.csv")),
    report: JSON.parse(readFileSync(path.join(out, "report.json"), "utf8")),
    stdout: result.stdout,
  };
}

describe("an opt-out is never dropped", () => {
  it("a phone with a word in brackets is read, and its opt-out wins over the opt-in", async () => {
    const { groupA, groupB } = await check([
      optIn("+34612345681", "Lucía"),
      optOut("+34 612 345 681 (móvil)", "Stop"),
    ]);
    expect(groupA).toEqual([]);
    expect(groupB.find((row) => row["First Name"] === "Stop")).toMatchObject({
      segment: "opted_out",
      phone_e164: "+34612345681",
    });
    expect(groupB.find((row) => row["First Name"] === "Lucía")?.duplicate_of).toBe("list.csv:3");
  });

  it.each([
    ["a national number and no country", "612 345 681"],
    ["a national number with its trunk 0", "0612345681"],
    ["a number with a note", "+34 612 345 681 (call after 6)"],
    ["a number with an extension", "+34 612 345 681 ext. 7"],
    ["the digits without their +", "34612345681"],
  ])("%s blocks the same number's opt-in, before or after it", async (_name, written) => {
    for (const rows of [
      [optIn("+34612345681", "Lucía"), optOut(written, "Stop")],
      [optOut(written, "Stop"), optIn("+34612345681", "Lucía")],
    ]) {
      const { groupA, groupB, report } = await check(rows);
      expect(groupA).toEqual([]);
      const lucia = groupB.find((row) => row["First Name"] === "Lucía");
      expect(lucia).toMatchObject({ segment: "opted_out", reasons: "OPTED_OUT", phone_e164: "+34612345681" });
      expect(lucia?.duplicate_of).toMatch(/^list\.csv:[23]$/);
      expect(report.segments).toMatchObject({ opted_out: 2, whatsapp_substantiated: 0 });
      expect(report.reasons.OPTED_OUT).toBe(2);
    }
  });

  it("in worker threads too (a large file's path), whichever range the opt-out is in", async () => {
    const filler = Array.from({ length: 300 }, (_, index) =>
      optIn(`+346${String(20_000_000 + index)}`, `Filler ${index}`),
    );
    const rows = [optIn("+34612345681", "Lucía"), ...filler, optOut("612 345 681 (gone)", "Stop")];
    process.env.WA_CONSENT_WORKERS = "2";
    try {
      const { groupA, groupB } = await check(rows);
      expect(groupA).toHaveLength(300);
      expect(groupB.find((row) => row["First Name"] === "Lucía")).toMatchObject({
        segment: "opted_out",
        reasons: "OPTED_OUT",
        duplicate_of: "list.csv:303",
      });
    } finally {
      delete process.env.WA_CONSENT_WORKERS;
    }
  });

  it("under the file's country too, and leaves other numbers alone", async () => {
    const { groupA, groupB } = await check(
      [optIn("+34612345681", "Lucía"), optOut("612 345 681 (gone)", "Stop"), optIn("+34612345682", "Ana")],
      "--default-country",
      "ES",
    );
    expect(groupA.map((row) => row.phone_e164)).toEqual(["+34612345682"]);
    expect(groupB.find((row) => row["First Name"] === "Lucía")?.segment).toBe("opted_out");
  });
});

describe("phones as people write them", () => {
  it("a number with an extension is INVALID_PHONE, never exported without it", async () => {
    const { groupA, groupB } = await check([
      optIn("+1 415 555 2671 ext. 12", "Ext"),
      optIn("+1 415 555 2672 x12", "X"),
      optIn("+49 30 901820 Durchwahl 12", "Dw"),
      optIn('"+1 415 555 2673 #12"', "Hash"),
    ]);
    expect(groupA).toEqual([]);
    expect(groupB.map((row) => row.reasons)).toEqual([
      "INVALID_PHONE",
      "INVALID_PHONE",
      "INVALID_PHONE",
      "INVALID_PHONE",
    ]);
  });

  it("labels such as (móvil) or Handy: are read past, and +52 1 is today's Mexican number", async () => {
    const { groupA } = await check([
      optIn('"+34 612 345 681 (móvil)"', "Lucía"),
      optIn('"Handy: +49 171 1234567"', "Jonas"),
      optIn('"+52 1 55 1234 5678"', "Sofía"),
    ]);
    expect(groupA.map((row) => row.phone_e164)).toEqual(["+34612345681", "+491711234567", "+525512345678"]);
  });
});

describe("dates and times as the file writes them", () => {
  const at = (date: string) => optIn("+34612345681", "Lucía").replace("2026-03-01T10:00:00Z", date);

  it("--timezone reads times written without a zone, and the report counts them", async () => {
    const rows = [at("2026-03-01 10:00:00"), optIn("+34612345682", "Ana")];
    const madrid = await check(rows, "--timezone", "Europe/Madrid");
    expect(madrid.groupA.map((row) => row.opt_in_at)).toEqual([
      "2026-03-01T09:00:00.000Z",
      "2026-03-01T10:00:00.000Z",
    ]);
    expect(madrid.report.timestamps).toEqual({
      timezone: "Europe/Madrid",
      readInTimezone: 1,
      dateOrder: null,
    });
    expect(madrid.stdout).toContain("1 time written without a time zone was read as Europe/Madrid time.");
    const utc = await check(rows);
    expect(utc.groupA[0]?.opt_in_at).toBe("2026-03-01T10:00:00.000Z");
    expect(utc.report.timestamps).toEqual({ timezone: "UTC", readInTimezone: 1, dateOrder: null });
  });

  it("--date-order settles 03/04/2026; 25/03/2026 and 04.03.2026 need none", async () => {
    const rows = [
      at("03/04/2026"),
      optIn("+34612345682", "Ana").replace("2026-03-01T10:00:00Z", "25/03/2026"),
    ];
    rows.push(optIn("+34612345683", "Eva").replace("2026-03-01T10:00:00Z", "04.03.2026"));
    const without = await check(rows);
    expect(without.groupA.map((row) => [row.first_name, row.opt_in_at])).toEqual([
      ["Ana", "2026-03-25T00:00:00.000Z"],
      ["Eva", "2026-03-04T00:00:00.000Z"],
    ]);
    expect(without.groupB[0]).toMatchObject({ "First Name": "Lucía", reasons: "MISSING_TIMESTAMP" });
    const dmy = await check(rows, "--date-order", "dmy");
    expect(dmy.groupA[0]).toMatchObject({ first_name: "Lucía", opt_in_at: "2026-04-03T00:00:00.000Z" });
    const mdy = await check(rows, "--date-order", "mdy");
    expect(mdy.groupA[0]).toMatchObject({ first_name: "Lucía", opt_in_at: "2026-03-04T00:00:00.000Z" });
    expect(mdy.report.timestamps.dateOrder).toBe("mdy");
  });
});

describe("group B's columns", () => {
  it("never repeat a column name the input already has", async () => {
    const dir = workDir();
    const csv = `Phone,Segment,reasons,phone_e164,wa_consent_reasons\r\n+34612345681,VIP,none,x,y\r\n`;
    const out = path.join(dir, "out");
    const result = await cli("check-list", writeCsv(dir, "list.csv", csv), "--brand", "Acme", "--out", out);
    expect(result.code).toBe(0);
    const header = readFileSync(path.join(out, "group-b.csv"), "utf8").split("\r\n")[0]?.split(",") ?? [];
    expect(header).toEqual([
      "Phone",
      "Segment",
      "reasons",
      "phone_e164",
      "wa_consent_reasons",
      "wa_consent_segment",
      "wa_consent_reasons_2",
      "wa_consent_phone_e164",
      "duplicate_of",
    ]);
    expect(new Set(header.map((name) => name.toLowerCase())).size).toBe(header.length);
  });
});

describe("lists in other languages, without --map", () => {
  // The wording stays English here: these tests are about headers and values, not the wording judge.
  it.each([
    [
      "German",
      "Handynummer,Vorname,WhatsApp Einwilligung,Einwilligungsdatum,Quelle,Einwilligungstext,Abgemeldet",
      ["ja", "nein"],
    ],
    [
      "Spanish",
      "Teléfono,Nombre,Consentimiento WhatsApp,Fecha de consentimiento,Origen,Texto de consentimiento,Baja",
      ["sí", "no"],
    ],
    [
      "Portuguese",
      "Telefone,Nome,Consentimento WhatsApp,Data do consentimento,Origem,Texto do consentimento,Descadastrado",
      ["sim", "não"],
    ],
    [
      "French",
      "Téléphone,Prénom,Consentement WhatsApp,Date du consentement,Source du consentement,Texte du consentement,Désinscrit",
      ["oui", "non"],
    ],
    [
      "Italian",
      "Telefono,Nome,Consenso WhatsApp,Data del consenso,Origine del consenso,Testo del consenso,Disiscritto",
      ["sì", "no"],
    ],
  ])(
    "%s: headers, yes and no are read; a yes in the opt-out column is an opt-out",
    async (_language, header, [yes, no]) => {
      const dir = workDir();
      const row = (phone: string, name: string, optedOut: string) =>
        `${phone},${name},${yes},04.03.2026 10:00,https://acme.example/wa,"${GOOD}",${optedOut}`;
      const csv = `${header}\r\n${row("+491711234567", "Jonas", no as string)}\r\n${row("+491711234568", "Lena", yes as string)}\r\n`;
      const out = path.join(dir, "out");
      const result = await cli(
        "check-list",
        writeCsv(dir, "liste.csv", csv),
        "--brand",
        "Acme Coffee",
        "--out",
        out,
      );
      expect(result.stderr).toBe("");
      const groupA = readCsv(path.join(out, "group-a.csv"));
      expect(groupA.map((entry) => [entry.first_name, entry.opt_in_at])).toEqual([
        ["Jonas", "2026-03-04T10:00:00.000Z"],
      ]);
      const report = JSON.parse(readFileSync(path.join(out, "report.json"), "utf8"));
      expect(report.unmappedColumns).toEqual([]);
      expect(report.segments.opted_out).toBe(1);
    },
  );
});
