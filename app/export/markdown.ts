/**
 * Text from outside (a storefront block id, a page URL, a language tag)
 * written into the evidence pack's Markdown as plain text: every ASCII
 * punctuation character is backslash-escaped (CommonMark shows each as
 * itself), so no link, image, HTML, emphasis or table cell can be formed
 * from it, and line breaks become spaces so it stays on its line.
 */
export function markdownText(value: string): string {
  return value.replace(/[\r\n]+/g, " ").replace(/[!-/:-@[-`{-~]/g, (character) => `\\${character}`);
}

/** A fenced block that shows `text` exactly: the fence is longer than any run of tildes inside. */
export function verbatimBlock(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/~+/g) ?? []).map((run) => run.length));
  const fence = "~".repeat(Math.max(4, longestRun + 1));
  return `${fence}text\n${text}\n${fence}\n`;
}
