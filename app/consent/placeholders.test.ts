import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPlaceholderSource } from "./placeholders";

describe("isPlaceholderSource", () => {
  it.each([
    "",
    "   ",
    "unknown",
    "Unknown",
    "UNKNOWN",
    "N/A",
    "n/a",
    "na",
    "-",
    "--",
    "—",
    "?",
    "...",
    "none",
    "(none)",
    "<null>",
    "null",
    "undefined",
    "tbd",
    "test",
    "x",
    "xxx",
    // Spanish
    "desconocido",
    "Desconocida",
    "ninguno",
    "sin datos",
    "S/D",
    "n.d.",
    "no disponible",
    // Portuguese
    "desconhecido",
    "nenhum",
    "não informado",
    "nao informado",
    "sem dados",
    // German
    "unbekannt",
    "keine Angabe",
    "k.A.",
    "k. A.",
    "nicht verfügbar",
    // French
    "inconnu",
    "aucun",
    "Non renseigné",
    "néant",
    // Italian
    "sconosciuto",
    "nessuno",
    "n.d.",
    "non disponibile",
    // Unfilled template fields and spreadsheet errors
    "{{source}}",
    "{{ consent_source }}",
    "{source}",
    "\u0024{source}",
    "%SOURCE%",
    "*|SOURCE|*",
    "#REF!",
    "#VALUE!",
    "#NAME?",
    // How the list was loaded, not where the shopper agreed
    "import",
    "Imported",
    "CSV",
    "CSV import",
    "Manual Upload",
    "manual",
    "upload",
    "migration",
    "API",
    "admin",
    "importado",
    "importiert",
    "importé",
    "list",
    // The column's own name standing in for a value
    "[source]",
    "Source",
    "<Opt-in source>",
    "URL",
  ])("%j names no place", (text) => {
    expect(isPlaceholderSource(text)).toBe(true);
  });

  it.each([
    "https://acme.example/pages/whatsapp",
    "checkout",
    "footer form",
    "Formulario de la web",
    "Popup Sommer 2025",
    "popup-spring-2026",
    "form:1234",
    "Instagram campaign",
    "Kasse",
    "page d'accueil",
    "modulo iscrizione",
    // A run of one digit or of two letters may be a form's number or code; only one repeated letter is filler.
    "7",
    "111",
    "xy",
    "xxy",
    "x1",
  ])("%j names a place", (text) => {
    expect(isPlaceholderSource(text)).toBe(false);
  });

  it("judges a placeholder however it is cased, spaced or punctuated", () => {
    const words = [
      "unknown",
      "n/a",
      "desconocido",
      "keine angabe",
      "inconnu",
      "sconosciuto",
      "não informado",
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...words),
        fc.boolean(),
        fc.constantFrom("", " ", "  ", "(", "[", "\t"),
        (word, upper, wrap) => {
          const text = `${wrap}${upper ? word.toUpperCase() : word}${wrap.replace("(", ")").replace("[", "]")}`;
          return isPlaceholderSource(text);
        },
      ),
    );
  });

  it("never calls a web address a placeholder", () => {
    fc.assert(
      fc.property(fc.webUrl(), (url) => !isPlaceholderSource(url)),
      { numRuns: 50 },
    );
  });
});
