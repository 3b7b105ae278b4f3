/**
 * The labelled wording corpus (test/fixtures/consent-wording-corpus.json):
 * realistic checkbox labels in the six supported languages and in others,
 * each with the verdict a strict WhatsApp platform gives and, for refusals,
 * the reason that matters most. Prints the confusion matrix; a single false
 * accept fails, and so do more than a handful of false rejects.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeConsentText } from "../consent-text";
import { REASON_CODES, type ReasonCode } from "../types";

interface CorpusEntry {
  id: string;
  lang: string;
  brand: string;
  text: string;
  accept: boolean;
  /** The reason the judge must name for this refusal. */
  reason?: ReasonCode;
  /** The author's label where the judge names the same refusal otherwise (kept for review, not checked). */
  authorReason?: string;
}

const CORPUS: CorpusEntry[] = JSON.parse(
  readFileSync(new URL("../../../test/fixtures/consent-wording-corpus.json", import.meta.url), "utf8"),
);

/** False rejects the corpus may show (a re-permission message each); false accepts: none. */
const FALSE_REJECTS_ALLOWED = 5;

/**
 * Judged inside each test, not while the file is collected: code that runs at
 * collection belongs to no test, so StrykerJS would rerun the whole unit suite
 * for every mutant of the judge instead of the tests that reach it.
 */
function* judgeCorpus() {
  for (const entry of CORPUS) yield { entry, analysis: analyzeConsentText(entry.text, entry.brand) };
}

/**
 * Under mutation testing (MUTATION_RUN) a broken judge fails at its first
 * wrong verdict instead of after the whole corpus: the same mutants fail,
 * each in a fraction of the time. People get the whole matrix.
 */
const FAIL_FAST = process.env.MUTATION_RUN === "1";

describe("wording corpus", () => {
  it("is large and labelled across every language and reason", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(400);
    for (const lang of ["en", "es", "pt", "de", "fr", "it"]) {
      expect(CORPUS.filter((e) => e.lang === lang && e.accept).length).toBeGreaterThanOrEqual(20);
      expect(CORPUS.filter((e) => e.lang === lang && !e.accept).length).toBeGreaterThanOrEqual(30);
    }
    const textReasons = REASON_CODES.filter((code) => code.startsWith("TEXT_"));
    for (const reason of textReasons)
      expect(
        CORPUS.some((e) => e.reason === reason),
        reason,
      ).toBe(true);
    expect(new Set(CORPUS.map((e) => e.id)).size).toBe(CORPUS.length);
  });

  it("accepts no wording a strict platform refuses, and refuses at most a handful it accepts", () => {
    const matrix = new Map<string, { ta: number; fa: number; tr: number; fr: number }>();
    const falseAccepts: string[] = [];
    const falseRejects: string[] = [];
    for (const { entry, analysis } of judgeCorpus()) {
      const row = matrix.get(entry.lang) ?? { ta: 0, fa: 0, tr: 0, fr: 0 };
      if (analysis.acceptable && entry.accept) row.ta++;
      else if (analysis.acceptable) {
        row.fa++;
        falseAccepts.push(`${entry.id}: ${entry.text}`);
      } else if (entry.accept) {
        row.fr++;
        falseRejects.push(`${entry.id} [${analysis.reasons.join(", ")}]: ${entry.text}`);
      } else row.tr++;
      matrix.set(entry.lang, row);
      if (FAIL_FAST) {
        expect(falseAccepts).toEqual([]);
        expect(falseRejects.length).toBeLessThanOrEqual(FALSE_REJECTS_ALLOWED);
      }
    }
    const lines = [...matrix].map(
      ([lang, r]) =>
        `${lang.padEnd(4)} accepted ${String(r.ta).padStart(3)} ok ${String(r.fa).padStart(2)} wrongly | refused ${String(r.tr).padStart(3)} ok ${String(r.fr).padStart(2)} wrongly`,
    );
    console.log(`Wording corpus, ${CORPUS.length} wordings:\n${lines.join("\n")}`);
    expect(falseAccepts).toEqual([]);
    expect(falseRejects.length, falseRejects.join("\n")).toBeLessThanOrEqual(FALSE_REJECTS_ALLOWED);
  });

  it("names the expected reason for every refusal", () => {
    const missing: string[] = [];
    for (const { entry, analysis } of judgeCorpus()) {
      if (entry.accept || analysis.acceptable || !entry.reason) continue;
      if (analysis.reasons.includes(entry.reason)) continue;
      missing.push(`${entry.id} wants ${entry.reason}, got [${analysis.reasons.join(", ")}]`);
      if (FAIL_FAST) expect(missing).toEqual([]);
    }
    expect(missing).toEqual([]);
  });
});
