/**
 * Exports in Spanish, Portuguese, German, French and Italian are read without
 * --map: their headers name the fields, their yes/no and state words are
 * consent states, and a bare "yes" in an opt-out column still means opted out.
 */
import { describe, expect, it } from "vitest";
import { fieldForHeader, resolveColumns } from "./columns";
import { parseFlag, parseOptInState, parseOptOut } from "./values";

describe("headers in six languages", () => {
  const files: Record<string, string[]> = {
    es: [
      "Teléfono",
      "Nombre",
      "Apellidos",
      "País",
      "Consentimiento WhatsApp",
      "Fecha de consentimiento",
      "Origen del consentimiento",
      "Texto de consentimiento",
      "Fecha de baja",
    ],
    pt: [
      "Telefone",
      "Nome",
      "Sobrenome",
      "País",
      "Consentimento WhatsApp",
      "Data do consentimento",
      "Origem",
      "Texto do consentimento",
      "Data de cancelamento",
    ],
    de: [
      "Handynummer",
      "Vorname",
      "Nachname",
      "Land",
      "WhatsApp Einwilligung",
      "Einwilligungsdatum",
      "Quelle",
      "Einwilligungstext",
      "Abgemeldet",
    ],
    fr: [
      "Téléphone",
      "Prénom",
      "Nom",
      "Pays",
      "Consentement WhatsApp",
      "Date du consentement",
      "Source du consentement",
      "Texte du consentement",
      "Date de désinscription",
    ],
    it: [
      "Cellulare",
      "Nome",
      "Cognome",
      "Paese",
      "Consenso WhatsApp",
      "Data del consenso",
      "Origine del consenso",
      "Testo del consenso",
      "Data di disiscrizione",
    ],
  };
  const FIELDS = [
    "phone",
    "first_name",
    "last_name",
    "country",
    "whatsapp_opt_in",
    "opt_in_timestamp",
    "opt_in_source",
    "consent_text",
    "opted_out_at",
  ];

  it.each(Object.entries(files))("%s: every column is recognised without --map", (_language, headers) => {
    const result = resolveColumns(headers);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(
      Object.fromEntries(
        FIELDS.map((field) => [field, headers[result.columns[field as keyof typeof result.columns] ?? -1]]),
      ),
    ).toEqual(Object.fromEntries(FIELDS.map((field, index) => [field, headers[index]])));
    expect(result.unmapped).toEqual([]);
  });

  it.each([
    ["móvil", "phone"],
    ["TELEFON", "phone"],
    ["téléphone", "phone"],
    ["telefono", "phone"],
    ["Texto de consentimiento", "consent_text"],
    ["texte du consentement", "consent_text"],
    ["testo del consenso", "consent_text"],
    ["Einwilligungstext", "consent_text"],
    ["E-Mail-Adresse", "email"],
    ["Correo electrónico", "email"],
  ])("%s is %s", (header, field) => {
    expect(fieldForHeader(header)).toBe(field);
  });

  it("a WhatsApp number column wins over a general phone column", () => {
    const result = resolveColumns(["Teléfono", "Número de WhatsApp"]);
    expect(result.ok && result.columns.phone).toBe(1);
  });
});

describe("yes/no and states in six languages", () => {
  it.each(["ja", "Ja", "sí", "Si", "SÍ", "oui", "sim", "sì", "S", "J", "wahr", "vrai"])(
    "%s is yes",
    (value) => {
      expect(parseFlag(value)).toBe(true);
    },
  );

  it.each(["nein", "non", "não", "nao", "falso", "faux"])("%s is no", (value) => {
    expect(parseFlag(value)).toBe(false);
    expect(parseOptInState(value)).toBe("never");
  });

  it.each([
    ["suscrito", "opted_in"],
    ["Angemeldet", "opted_in"],
    ["abonné", "opted_in"],
    ["iscritto", "opted_in"],
    ["dado de baja", "opted_out"],
    ["abgemeldet", "opted_out"],
    ["désinscrit", "opted_out"],
    ["descadastrado", "opted_out"],
    ["disiscritto", "opted_out"],
    ["nicht angemeldet", "never"],
    ["pendiente", "never"],
    ["non inscrit", "never"],
  ])("%s is %s", (value, state) => {
    expect(parseOptInState(value)).toBe(state);
  });

  it.each(["ja", "sí", "oui", "sim", "sì"])("a bare %s in an opt-out column means opted out", (value) => {
    expect(parseOptOut(value)).toEqual({ optedOut: true, at: null });
  });

  it.each(["nein", "no", "non", "não"])("a bare %s in an opt-out column means not opted out", (value) => {
    expect(parseOptOut(value)).toEqual({ optedOut: false, at: null });
  });
});
