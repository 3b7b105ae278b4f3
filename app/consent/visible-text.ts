/**
 * The words a shopper actually sees in a consent wording. Merchants paste
 * wording from theme editors and page builders, so it may hold HTML: only
 * text content counts, never tags, comments, attribute values or elements
 * a browser does not show. Invisible characters (soft hyphens, zero-width
 * and bidi controls) are dropped and full-width forms folded, so
 * "What\u00ADsApp" and "ＷｈａｔｓＡｐｐ" read as the shopper reads them.
 * Pure: no I/O.
 */

/** Elements whose content is never rendered as text. */
const NEVER_SHOWN = new Set([
  "script",
  "style",
  "template",
  "noscript",
  "head",
  "title",
  "svg",
  "math",
  "object",
  "iframe",
  "select",
  "option",
  "textarea",
  "datalist",
]);

/** Elements that have no closing tag. */
const VOID = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "source",
  "track",
  "wbr",
]);

/** Elements that start a new line of text: a sentence boundary for the judge. */
const BLOCK = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "br",
  "dd",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "label",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "section",
  "table",
  "td",
  "th",
  "tr",
  "ul",
]);

const HIDDEN_STYLE =
  /(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|opacity\s*:\s*0(?:\.0*)?(?![.\d])|font-size\s*:\s*0*[0-5](?:\.\d+)?(?:px|pt)?\s*(?:;|$|!)|(?:width|height|max-width|max-height)\s*:\s*0(?:px)?\s*(?:;|$|!)|color\s*:\s*transparent|text-indent\s*:\s*-\d{3,}|(?:left|top)\s*:\s*-\d{3,}|clip(?:-path)?\s*:)/i;
const HIDDEN_CLASS =
  /(?:^|\s)(?:hidden|visually-hidden|visuallyhidden|sr-only|screen-reader-text|screenreader|invisible|d-none|hide)(?:\s|$)/i;

/**
 * The attributes of a tag as a browser reads them, in order: names lower-cased,
 * values with their character references decoded. Read one by one, so a name
 * inside another attribute's value (title=" style=x") is never taken for an attribute.
 */
function attributesOf(tag: string): Array<[name: string, value: string]> {
  const attributes: Array<[string, string]> = [];
  const afterName = tag.replace(/^<\/?[^\s/>]*/, "");
  // As a browser reads a name: any character but a space, "/" or ">" starts it
  // ("<span =hidden>" has an attribute named "=hidden", not the hidden attribute).
  for (const match of afterName.matchAll(
    /([^\s/>][^\s/>=]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?/g,
  )) {
    const name = (match[1] as string).toLowerCase();
    attributes.push([name, decodeEntities(match[2] ?? match[3] ?? match[4] ?? "")]);
  }
  return attributes;
}

/** CSS comments may stand between the parts of a declaration ("display:/**\/none"). */
const withoutCssComments = (style: string) => style.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, "");

function hidesElement(name: string, value: string): boolean {
  switch (name) {
    case "hidden":
      return true;
    case "aria-hidden":
      return value.trim().toLowerCase() === "true";
    case "style": {
      // A CSS escape ("displa\\79:none") can spell any property: in doubt, hidden.
      const style = withoutCssComments(value);
      return style.includes("\\") || HIDDEN_STYLE.test(style);
    }
    case "class":
      return HIDDEN_CLASS.test(value);
    case "type":
      return value.trim().toLowerCase() === "hidden";
    default:
      return false;
  }
}

/** Any attribute that hides it hides it, even one a browser would ignore as a repeat: in doubt, the words are not seen. */
function isHiddenElement(tag: string): boolean {
  return attributesOf(tag).some(([name, value]) => hidesElement(name, value));
}

/** Input types that are no box to tick. */
const NOT_A_BOX = new Set(["hidden", "text", "tel", "email", "submit"]);

/** A checked input that may be a box to tick (any of its type attributes may be one: in doubt, it is). */
function isPreTickedInput(tag: string): boolean {
  const attributes = attributesOf(tag);
  const types = attributes.filter(([name]) => name === "type").map(([, value]) => value.trim().toLowerCase());
  return (
    attributes.some(([name, value]) => name === "checked" || setsChecked(name, value)) &&
    (types.length === 0 || types.some((type) => !NOT_A_BOX.has(type)))
  );
}

/**
 * A box ticked by a framework binding or a script rather than the plain attribute:
 * ":checked", "[checked]", "v-bind:checked", "defaultChecked", or a handler that
 * runs "this.checked = true" on load. In doubt, it is shown ticked.
 */
function setsChecked(name: string, value: string): boolean {
  if (/checked/.test(name) && !/^\s*(?:false|0|null|undefined)\s*$/i.test(value)) return true;
  return /\bchecked\s*=(?!=)/i.test(value) && !/^on(?:click|change|input)$/.test(name);
}

/**
 * A custom box shown ticked: any element that tells assistive technology it is
 * checked or pressed. Its role is not asked for: a "<span aria-checked=true>"
 * styled as a box is announced as ticked, and in doubt it is one.
 */
function isPreTickedWidget(tag: string): boolean {
  return attributesOf(tag).some(
    ([name, value]) =>
      (name === "aria-checked" || name === "aria-pressed") && value.trim().toLowerCase() !== "false",
  );
}

/** A box the form will not send without: the opt-in is then a condition of sending it. */
function isRequiredBox(tag: string): boolean {
  const attributes = attributesOf(tag);
  const types = attributes.filter(([name]) => name === "type").map(([, value]) => value.trim().toLowerCase());
  return (
    attributes.some(
      ([name, value]) =>
        name === "required" || (name === "aria-required" && value.trim().toLowerCase() !== "false"),
    ) &&
    (types.length === 0 || types.some((type) => !NOT_A_BOX.has(type)))
  );
}

/** A script in the wording can tick any box once the page runs it. */
const SCRIPT_TICKS = /<script[\s>][\s\S]*?checked/i;

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  shy: "",
  zwj: "",
  zwnj: "",
  lrm: "",
  rlm: "",
  hellip: "…",
  ndash: "–",
  mdash: "—",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  laquo: "«",
  raquo: "»",
  euro: "€",
  copy: "©",
  reg: "®",
  trade: "™",
  iexcl: "¡",
  iquest: "¿",
  szlig: "ß",
  ccedil: "ç",
  Ccedil: "Ç",
  ntilde: "ñ",
  Ntilde: "Ñ",
};
const ACCENTS: Record<string, string> = {
  acute: "\u0301",
  grave: "\u0300",
  circ: "\u0302",
  uml: "\u0308",
  tilde: "\u0303",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);?/gi, (whole, body: string) => {
    if (body.startsWith("#")) {
      const code =
        body[1] === "x" || body[1] === "X" ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    // Named references are read case-blind, so capitals never change what a shopper is judged to see.
    const named = NAMED_ENTITIES[body] ?? NAMED_ENTITIES[body.toLowerCase()];
    if (named !== undefined) return named;
    const accented = /^([a-zA-Z])(acute|grave|circ|uml|tilde)$/i.exec(body);
    if (accented) return `${accented[1]}${ACCENTS[(accented[2] as string).toLowerCase()]}`.normalize("NFC");
    return whole;
  });
}

const TAG =
  /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<[!?][^>]*(?:>|$)|<\/?([a-zA-Z][a-zA-Z0-9-]*)((?:"[^"]*"|'[^']*'|[^'">])*)(?:>|$)/g;

/** True when the text holds markup a browser would interpret. */
export function looksLikeHtml(text: string): boolean {
  return /<(?:[a-zA-Z][a-zA-Z0-9-]*[\s/>]|\/[a-zA-Z]|!--)/.test(text);
}

/** Text content of HTML as rendered: hidden elements dropped, block elements as line breaks. */
function renderHtml(html: string): { text: string; hiddenDropped: boolean } {
  let out = "";
  let last = 0;
  /** Open element that hides its content, and how deep we are inside it. */
  let skipping: { name: string; depth: number } | null = null;
  let hiddenDropped = false;
  for (const match of html.matchAll(TAG)) {
    const start = match.index ?? 0;
    // Inside markup, a line break in the source is just a space; blocks make lines.
    if (skipping === null) out += html.slice(last, start).replace(/\s+/gu, " ");
    else if (html.slice(last, start).trim() !== "") hiddenDropped = true;
    last = start + match[0].length;
    const name = match[1]?.toLowerCase();
    if (!name) {
      if (match[0].startsWith("<!--") && /[\p{L}\p{N}]/u.test(match[0])) hiddenDropped = true;
      continue;
    }
    const closing = match[0].startsWith("</");
    // "<span hidden/>" opens a span in HTML: a slash closes only void elements,
    // so the words after it stay inside (and hidden) until "</span>".
    const selfClosing = VOID.has(name);
    if (skipping !== null) {
      if (name === skipping.name && !selfClosing) {
        skipping.depth += closing ? -1 : 1;
        if (skipping.depth === 0) skipping = null;
      }
      continue;
    }
    if (!closing && !selfClosing && (NEVER_SHOWN.has(name) || isHiddenElement(match[0]))) {
      skipping = { name, depth: 1 };
      continue;
    }
    if (BLOCK.has(name)) out += "\n";
  }
  if (skipping === null) out += html.slice(last).replace(/\s+/gu, " ");
  else hiddenDropped = true;
  return { text: out, hiddenDropped };
}

/** Zero-width, soft hyphen, bidi and other invisible format characters. */
const INVISIBLE =
  /[\u00AD\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\u{E0000}-\u{E007F}]|\u034F|\p{Variation_Selector}/gu;

/**
 * A right-to-left override (U+202E) shows the letters after it in reverse, up
 * to its pop (U+202C), an isolate's end or the line's end: "\u202Eton od I"
 * reads "I do not" on screen. The run is reversed into what a shopper sees
 * before the control characters are dropped.
 */
const RIGHT_TO_LEFT_OVERRIDE = /\u202E([^\u202A-\u202E\u2066-\u2069\n]*)/gu;
const shownAsDisplayed = (text: string) =>
  text.replace(RIGHT_TO_LEFT_OVERRIDE, (_whole, run: string) => [...run].reverse().join(""));

/**
 * A style sheet inside the wording (a <style> element, or a <link> that may
 * load one) can hide any word by a selector this reader does not apply
 * (".x{display:none}"): what a shopper sees cannot be known, so nothing counts.
 */
const STYLE_SHEET = /<(?:style|link)(?:[\s/>]|$)/i;

export interface VisibleText {
  /** What a shopper sees: markup removed, invisible characters dropped, compatibility forms folded. */
  text: string;
  /** True when the input was HTML and some of its words were in parts never shown. */
  hiddenDropped: boolean;
  /** True when the markup holds a checkbox that is ticked before the shopper acts. */
  preTicked: boolean;
  /** True when the markup carries a style sheet: then no word is taken as seen. */
  styleSheet: boolean;
}

export function visibleText(raw: string): VisibleText {
  let text = raw;
  let hiddenDropped = false;
  let preTicked = false;
  if (looksLikeHtml(text) && STYLE_SHEET.test(text)) {
    return { text: "", hiddenDropped: true, preTicked: false, styleSheet: true };
  }
  if (looksLikeHtml(text)) {
    const openingTags = [...text.matchAll(TAG)].filter((match) => match[1] && !match[0].startsWith("</"));
    const inputs = openingTags
      .filter((match) => match[1]?.toLowerCase() === "input")
      .map((match) => match[0]);
    preTicked =
      inputs.some(isPreTickedInput) ||
      openingTags.some((match) => isPreTickedWidget(match[0])) ||
      SCRIPT_TICKS.test(text);
    const rendered = renderHtml(text);
    text = rendered.text;
    hiddenDropped = rendered.hiddenDropped;
  }
  text = decodeEntities(text);
  text = shownAsDisplayed(text).replace(INVISIBLE, "").normalize("NFKC");
  // Lines inside one block of HTML are one line for a reader, but a line
  // break in plain text is where a label ends: keep line breaks, collapse the rest.
  text = text
    .split("\n")
    .map((line) => line.replace(/\s+/gu, " ").trim())
    .filter((line) => line !== "")
    .join("\n");
  return { text, hiddenDropped, preTicked, styleSheet: false };
}

/** True when the markup holds a box the form will not send unticked ("required"): the opt-in is then a condition. */
export function requiresTheBox(raw: string): boolean {
  if (!looksLikeHtml(raw)) return false;
  return [...raw.matchAll(TAG)].some(
    (match) => match[1]?.toLowerCase() === "input" && !match[0].startsWith("</") && isRequiredBox(match[0]),
  );
}
