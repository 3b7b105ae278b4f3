// A StrykerJS reporter that appends each mutant's result to a JSON-lines file
// as soon as it is known. The incremental report is written only when a run
// ends; on this two-core machine a whole run takes hours, and a run that is
// stopped early should still say which mutants it tested and how they fared.
import fs from "node:fs";
import path from "node:path";
import { declareClassPlugin, PluginKind } from "@stryker-mutator/api/plugin";

const LOG = path.join("reports", "mutation", "mutants.jsonl");

class MutantLogReporter {
  constructor() {
    fs.mkdirSync(path.dirname(LOG), { recursive: true });
    fs.writeFileSync(LOG, "");
  }

  onMutantTested(result) {
    const { fileName, location, mutatorName, replacement, status, killedBy, testsCompleted } = result;
    const file = path.relative(process.cwd(), fileName);
    const line = {
      file,
      line: location.start.line,
      column: location.start.column,
      mutatorName,
      replacement,
      status,
      killedBy,
      testsCompleted,
      // When the result arrived: the gaps between results show where a run spends its time.
      at: new Date().toISOString(),
    };
    fs.appendFileSync(LOG, `${JSON.stringify(line)}\n`);
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, "mutant-log", MutantLogReporter)];
