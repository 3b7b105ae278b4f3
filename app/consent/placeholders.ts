/**
 * Words that fill a "source" cell when nobody knew the source: "unknown",
 * "N/A", "-", and their equivalents in the six languages we read (en, es,
 * pt, de, fr, it). Such a cell names no place, so it is no proof of where an
 * opt-in was collected (MISSING_SOURCE). Pure: no I/O.
 */

/** Lower case, accents dropped, everything but letters and digits removed: "N/A" and "n.a." are both "na". */
function placeholderKey(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

const PLACEHOLDER_WORDS = [
  // English
  "unknown",
  "not known",
  "n/a",
  "n.a.",
  "none",
  "null",
  "nil",
  "nan",
  "undefined",
  "not available",
  "not applicable",
  "not specified",
  "unspecified",
  "not set",
  "no source",
  "no data",
  "missing",
  "empty",
  "blank",
  "other",
  "tbd",
  "tba",
  "tbc",
  "test",
  "testing",
  "dummy",
  "placeholder",
  "0",
  // Spanish
  "desconocido",
  "desconocida",
  "ninguno",
  "ninguna",
  "nada",
  "sin datos",
  "sin dato",
  "sin fuente",
  "sin especificar",
  "no especificado",
  "no disponible",
  "no aplica",
  "n.d.",
  "s/d",
  "ns/nc",
  "otro",
  "prueba",
  // Portuguese
  "desconhecido",
  "desconhecida",
  "nenhum",
  "nenhuma",
  "sem dados",
  "sem fonte",
  "não informado",
  "não disponível",
  "não se aplica",
  "não aplicável",
  "não especificado",
  "indefinido",
  "outro",
  "teste",
  // German
  "unbekannt",
  "keine angabe",
  "keine angaben",
  "k.a.",
  "k. a.",
  "keine",
  "kein",
  "keine daten",
  "nicht verfügbar",
  "nicht angegeben",
  "entfällt",
  "unbestimmt",
  "sonstige",
  // French
  "inconnu",
  "inconnue",
  "aucun",
  "aucune",
  "néant",
  "non disponible",
  "non renseigné",
  "non communiqué",
  "n.c.",
  "non applicable",
  "sans objet",
  "sans source",
  "non spécifié",
  "indéterminé",
  "autre",
  // Italian
  "sconosciuto",
  "sconosciuta",
  "ignoto",
  "nessuno",
  "nessuna",
  "non disponibile",
  "non specificato",
  "non applicabile",
  "non pervenuto",
  "altro",
  "prova",
  // How a record reached a system, not where the shopper agreed (an import
  // tool's own label for every row it loaded)
  "import",
  "imported",
  "csv",
  "csv import",
  "csv upload",
  "upload",
  "uploaded",
  "manual",
  "manually",
  "manual upload",
  "manual entry",
  "manual import",
  "manually added",
  "bulk import",
  "bulk upload",
  "list import",
  "list upload",
  "spreadsheet",
  "excel",
  "migration",
  "migrated",
  "legacy",
  "old list",
  "api",
  "admin",
  "sync",
  "synced",
  "various",
  "multiple",
  "mixed",
  "todo",
  "n.v.",
  "importado",
  "importada",
  "importación",
  "importação",
  "carga manual",
  "importiert",
  "manuell",
  "importé",
  "importée",
  "manuel",
  "importato",
  "manuale",
  "list",
  // The column's own name standing in for a value ("[source]", a template's label)
  "source",
  "opt in source",
  "consent source",
  "signup source",
  "source url",
  "url",
];

const PLACEHOLDER_KEYS: ReadonlySet<string> = new Set(PLACEHOLDER_WORDS.map(placeholderKey));

/**
 * True when a source cell names no place: empty, punctuation only ("-",
 * "--", "?", "…"), a run of one letter ("x", "xxx"), an unfilled template
 * field or a spreadsheet error, a placeholder word in one of the six
 * languages ("unknown", "desconocido", "k.a.", "n.d."...), or a word for how
 * the list was loaded ("import", "Manual Upload", "csv") rather than where.
 */
/**
 * A template's field that was never filled ("{{source}}", "{source}",
 * "${source}", "%SOURCE%", Mailchimp's "*|SOURCE|*") or a spreadsheet's
 * error value ("#REF!", "#VALUE!", "#NAME?").
 */
const UNFILLED = /^\s*(?:\{\{[^}]*\}\}|\$?\{[^}]*\}|%[^%\s]+%|\*\|[^|]*\|\*|#[A-Z0-9/]+[!?]?)\s*$/u;

export function isPlaceholderSource(text: string): boolean {
  if (UNFILLED.test(text)) return true;
  const key = placeholderKey(text);
  if (key === "") return true;
  if (/^(.)\1*$/u.test(key) && /^\p{L}$/u.test(key[0] as string)) return true;
  return PLACEHOLDER_KEYS.has(key);
}
