/**
 * Finding the brand in a wording the way a shopper would recognise it:
 * "Acme Coffee Ltd" is named by "Acme Coffee", "ACME-coffee" and
 * "AcmeCoffee's"; "Müller & Söhne GmbH" by "Mueller and Soehne". Works on
 * folded text (see foldForMatching); never matches inside a longer word.
 * Pure: no I/O.
 */

/** Legal forms that may follow a brand name, as folded word sequences. */
const LEGAL_SUFFIXES: readonly (readonly string[])[] = [
  ["gmbh", "and", "co", "kg"],
  ["gmbh", "co", "kg"],
  ["and", "co", "kg"],
  ["co", "kg"],
  ["s", "l", "u"],
  ["s", "r", "l"],
  ["s", "p", "a"],
  ["s", "a", "s"],
  ["s", "l"],
  ["s", "a"],
  ["b", "v"],
  ["e", "k"],
  ["pty", "ltd"],
  ["and", "co"],
  ...[
    "ltd",
    "limited",
    "llc",
    "llp",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "gmbh",
    "ag",
    "kg",
    "ug",
    "ohg",
    "ek",
    "sl",
    "slu",
    "sa",
    "sas",
    "sasu",
    "sarl",
    "eurl",
    "srl",
    "spa",
    "snc",
    "bv",
    "nv",
    "plc",
    "lda",
    "ltda",
    "eireli",
    "pty",
    "oy",
    "ab",
    "aps",
  ].map((suffix) => [suffix]),
];

/** Articles a brand may start with and a sentence may drop or contract ("Le Petit Atelier" → "du Petit Atelier"). */
const LEADING_ARTICLES = new Set([
  "the",
  "le",
  "la",
  "les",
  "l",
  "el",
  "los",
  "las",
  "o",
  "a",
  "os",
  "as",
  "der",
  "die",
  "das",
  "il",
  "lo",
  "gli",
]);

/** Words that join two names: "&", "and" and its translations are one word to a reader. */
const CONJUNCTIONS = new Set(["&", "and", "und", "y", "e", "et"]);

/** One form for ü/ue, ö/oe, ä/ae (folding already turned ü into u). */
function canonicalWord(word: string): string {
  if (CONJUNCTIONS.has(word)) return "and";
  return word.replace(/ae/g, "a").replace(/oe/g, "o").replace(/ue/g, "u");
}

interface Token {
  word: string;
  start: number;
  end: number;
}

function tokensOf(folded: string): Token[] {
  const tokens: Token[] = [];
  for (const match of folded.matchAll(/[\p{L}\p{N}]+|&/gu)) {
    const start = match.index ?? 0;
    tokens.push({ word: canonicalWord(match[0]), start, end: start + match[0].length });
  }
  return tokens;
}

function suffixAt(words: readonly string[], at: number): number {
  for (const suffix of LEGAL_SUFFIXES) {
    if (suffix.every((word, i) => words[at + i] === word)) return suffix.length;
  }
  return 0;
}

/** The brand's words without its legal form: "Acme Coffee S.L." → ["acme", "coffee"]. */
export function brandCore(foldedBrand: string): string[] {
  const words = tokensOf(foldedBrand).map((token) => token.word);
  let end = words.length;
  let cut = 1;
  // Strip legal forms from the end, repeatedly ("GmbH & Co. KG"), never the whole name.
  while (cut < end) {
    const length = suffixAt(words, cut);
    if (length > 0 && cut + length === end) {
      end = cut;
      cut = 1;
    } else cut++;
  }
  return words.slice(0, end);
}

/**
 * Where the brand stands: a character range of the folded text, and whether a
 * legal form closes it there ("Acme Coffee Ltd."), which ends the name: no
 * word after "Ltd." can be more of it.
 */
export type BrandSpan = [start: number, end: number, closedByLegalForm: boolean];

/**
 * Character ranges of the folded text where the brand stands, each widened
 * over a legal form that follows it ("Acme Coffee Ltd.").
 */
export function findBrand(foldedText: string, foldedBrand: string): BrandSpan[] {
  const full = brandCore(foldedBrand);
  const core = full.length > 1 && LEADING_ARTICLES.has(full[0] as string) ? full.slice(1) : full;
  if (core.length === 0) return [];
  const target = core.join("");
  const tokens = tokensOf(foldedText);
  const words = tokens.map((token) => token.word);
  const spans: BrandSpan[] = [];
  const at = (index: number): Token => tokens[index] as Token;
  for (let start = 0; start < tokens.length; start++) {
    let run = "";
    for (let end = start; end < tokens.length && run.length < target.length; end++) {
      run += at(end).word;
      if (run === target) {
        const last = end + suffixAt(words, end + 1);
        // "Ltd." and "S.L.": the dot belongs to the name, not to the sentence.
        let stop = at(last).end;
        if (last > end && foldedText[stop] === ".") stop++;
        spans.push([at(start).start, stop, last > end]);
        start = last;
        break;
      }
      if (!target.startsWith(run)) break;
    }
  }
  return spans;
}
