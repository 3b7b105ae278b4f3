/**
 * axe-core run inside the page (the installed package's own source is
 * injected, no network), reduced to the violations that block people:
 * impact "serious" or "critical".
 */
import axe from "axe-core";
import type { Page } from "playwright-core";

export interface BlockingViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

export async function blockingAxeViolations(page: Page): Promise<BlockingViolation[]> {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const results = await (window as unknown as { axe: typeof axe }).axe.run(document);
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? "",
      help: violation.help,
      targets: violation.nodes.map((node) => String(node.target)),
    }));
  });
  return violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
}
