/**
 * What a shopper sees in a pasted wording: the reading the wording judge gets.
 * Words a browser would not show must never count towards a consent.
 */
import { describe, expect, it } from "vitest";
import { looksLikeHtml, requiresTheBox, visibleText } from "./visible-text";

const shown = (raw: string) => visibleText(raw).text;

describe("looksLikeHtml", () => {
  it.each(["<p>x", "<br/>", "<b>x</b>", "x</p>", "<!-- x -->", "<a-b c>"])("reads %j as markup", (text) => {
    expect(looksLikeHtml(text)).toBe(true);
  });

  it.each(["1 < 2 and 3 > 2", "a <3 b", "<", "< p>", "<>", "a<-b", "we ship <daily"])(
    "reads %j as plain text",
    (text) => {
      expect(looksLikeHtml(text)).toBe(false);
    },
  );
});

describe("plain text", () => {
  it("keeps its line breaks as the ends of lines and collapses the other whitespace", () => {
    expect(shown("  Send me  offers \n\n\t on WhatsApp \n")).toBe("Send me offers\non WhatsApp");
  });

  it("keeps angle brackets that are no markup", () => {
    expect(visibleText("1 < 2 > 0")).toEqual({
      text: "1 < 2 > 0",
      hiddenDropped: false,
      preTicked: false,
      styleSheet: false,
    });
  });
});

describe("elements a browser hides", () => {
  it.each([
    ["<span hidden>on WhatsApp</span>", "hidden attribute"],
    ["<span HIDDEN=hidden>on WhatsApp</span>", "hidden attribute with a value, in capitals"],
    ['<span aria-hidden="true">on WhatsApp</span>', "aria-hidden true"],
    ["<span aria-hidden='TRUE'>on WhatsApp</span>", "aria-hidden TRUE in single quotes"],
    ['<span style="display: none">on WhatsApp</span>', "display none"],
    ["<span style=visibility:hidden>on WhatsApp</span>", "visibility hidden, unquoted"],
    ['<span style="font-size:0">on WhatsApp</span>', "font size 0"],
    ['<span class="promo sr-only">on WhatsApp</span>', "a screen-reader-only class among others"],
    ['<span type="hidden">on WhatsApp</span>', "an element typed hidden"],
    ["<script>on WhatsApp</script>", "a script"],
    ["<TEMPLATE>on WhatsApp</TEMPLATE>", "a template, in capitals"],
  ])("drops the words of %j (%s) and says so", (html) => {
    const result = visibleText(`<p>Offers from Acme</p>${html}`);
    expect(result.text).toBe("Offers from Acme");
    expect(result.hiddenDropped).toBe(true);
  });

  it.each([
    ['<span aria-hidden="false">on WhatsApp</span>', "aria-hidden false"],
    ['<span style="display: block">on WhatsApp</span>', "a visible style"],
    ['<span class="hidden-xs-up">on WhatsApp</span>', "a class that merely starts with hidden"],
    ['<span class="">on WhatsApp</span>', "an empty class"],
    ['<span style="">on WhatsApp</span>', "an empty style"],
    ['<input type="checkbox">on WhatsApp', "a checkbox input"],
    ['<span data-hidden="1">on WhatsApp</span>', "an attribute whose name ends in hidden"],
  ])("keeps the words of %j (%s)", (html) => {
    const result = visibleText(`Offers from Acme ${html}`);
    expect(result.text).toBe("Offers from Acme on WhatsApp");
    expect(result.hiddenDropped).toBe(false);
  });

  it("reads an attribute only as a whole attribute, never from inside another attribute's value", () => {
    expect(shown('<span title="x hidden">on WhatsApp</span>')).toBe("on WhatsApp");
    expect(shown("<span title='a hidden b'>on WhatsApp</span>")).toBe("on WhatsApp");
    // A decoy style inside a title must not stand in for the real one that hides the words.
    expect(shown(`Offers<span title=' style=x' style="display:none"> on WhatsApp</span>`)).toBe("Offers");
    expect(shown(`Offers<span data-x=" class=shown" class="sr-only"> on WhatsApp</span>`)).toBe("Offers");
  });

  it("hides an element when any of its repeated attributes hides it", () => {
    expect(shown('Offers<span style="color:red" style="display:none"> on WhatsApp</span>')).toBe("Offers");
    expect(shown('Offers<span aria-hidden="false" aria-hidden=" true "> on WhatsApp</span>')).toBe("Offers");
  });

  it("reads a style as the browser does: character references decoded, CSS comments ignored", () => {
    expect(shown('Offers<span style="display&#58;none"> on WhatsApp</span>')).toBe("Offers");
    expect(shown('Offers<span style="display:/* x */none"> on WhatsApp</span>')).toBe("Offers");
    expect(shown('Offers<span class="sr&#45;only"> on WhatsApp</span>')).toBe("Offers");
  });

  it("stays hidden until the hidden element's own closing tag, however deeply it nests itself", () => {
    expect(shown("<div hidden><div>on</div><div>WhatsApp</div></div>Offers")).toBe("Offers");
    expect(shown("<span hidden><span>on <span>Whats</span>App</span> tail</span>Offers")).toBe("Offers");
    expect(shown("<span hidden>a<br>b<img src=x><br/></span>Offers")).toBe("Offers");
    // "<span/>" opens a second span (only void elements close with a slash): "Offers" is still inside.
    expect(shown("<span hidden>a<span/>b</span>Offers")).toBe("");
  });

  it("counts a hidden element that never closes as hiding everything after it", () => {
    expect(visibleText("Offers <span hidden>on WhatsApp")).toEqual({
      text: "Offers",
      hiddenDropped: true,
      preTicked: false,
      styleSheet: false,
    });
  });

  it("reports no hidden words when a hidden element holds only whitespace or markup", () => {
    expect(visibleText("Offers<span hidden> \n </span>")).toEqual({
      text: "Offers",
      hiddenDropped: false,
      preTicked: false,
      styleSheet: false,
    });
    expect(visibleText("Offers<span hidden><b></b></span>").hiddenDropped).toBe(false);
  });
});

describe("comments, attributes and other markup", () => {
  it("drops comments, and counts only a comment with words as hidden words", () => {
    expect(visibleText("Offers <!-- on WhatsApp -->now")).toEqual({
      text: "Offers now",
      hiddenDropped: true,
      preTicked: false,
      styleSheet: false,
    });
    expect(visibleText("<b>Offers</b> <!-- --- -->now")).toEqual({
      text: "Offers now",
      hiddenDropped: false,
      preTicked: false,
      styleSheet: false,
    });
  });

  it("drops attribute values, CDATA and processing instructions", () => {
    expect(shown('<b title="on WhatsApp">Offers</b><![CDATA[on WhatsApp]]><?xml on WhatsApp?>')).toBe(
      "Offers",
    );
  });

  it("starts a new line at each block element and keeps inline elements on one line", () => {
    expect(shown("<p>Offers\n from\n Acme</p><p>on <b>What</b>s<i>App</i></p><li>Stop</li>")).toBe(
      "Offers from Acme\non WhatsApp\nStop",
    );
    expect(shown("Offers<br>on WhatsApp")).toBe("Offers\non WhatsApp");
  });
});

describe("a pre-ticked checkbox", () => {
  it.each([
    "<input type=checkbox checked> Send me offers",
    // A browser ticks the box whatever the attribute's value, "false" included.
    '<input type="checkbox" checked="false"> Send me offers',
    '<input checked="checked" type="checkbox"> Send me offers',
    "<INPUT CHECKED> Send me offers",
    "<input/checked> Send me offers",
    '<input checked data-type="text" type="checkbox"> Send me offers',
    '<input title="a > b" checked> Send me offers',
    '<input type="text" type="checkbox" checked> Send me offers',
  ])("is found in %j", (html) => {
    expect(visibleText(html).preTicked).toBe(true);
  });

  it.each([
    "<input type=checkbox> Send me offers",
    '<input type="hidden" name="consent" value="1" checked> Send me offers',
    '<input type="email" checked> Send me offers',
    "<p>checked</p> Send me offers",
    '<input title="checked"> Send me offers',
    "<!-- <input type=checkbox checked> --> Send me offers",
    '<input type=" TEXT " checked> Send me offers',
  ])("is not found in %j", (html) => {
    expect(visibleText(html).preTicked).toBe(false);
  });
});

describe("character references and invisible characters", () => {
  it("decodes decimal and hexadecimal references", () => {
    expect(shown("<b>Whats&#65;pp</b> &#x57;hats&#X41;pp &#87hatsApp")).toBe("WhatsApp WhatsApp WhatsApp");
  });

  it("leaves references that name no character as written", () => {
    expect(shown("a &#0; b &#x110000; c &#xZZ; d &bogus; e")).toBe(
      "a &#0; b &#x110000; c &#xZZ; d &bogus; e",
    );
  });

  it("reads named references case-blind", () => {
    expect(shown("Acme &AMP; Coffee &Amp; Tea&NBSP;Co")).toBe("Acme & Coffee & Tea Co");
    expect(shown("SE&Ntilde;OR se&ntilde;or")).toBe("SEÑOR señor");
  });

  it("builds accented letters from their references", () => {
    expect(shown("Caf&eacute; d&Eacute;j&agrave; na&iuml;ve &Ocirc; &atilde;o")).toBe("Café dÉjà naïve Ô ão");
    expect(shown("caf&eACUTE;")).toBe("café");
  });

  it("drops soft hyphens, zero-width and bidi characters, and folds full-width letters", () => {
    expect(shown("What\u00adsApp Whats\u200bApp \u202aWhatsApp\u202c Ｗｈａｔｓ&shy;Ａｐｐ")).toBe(
      "WhatsApp WhatsApp WhatsApp WhatsApp",
    );
  });

  it("reads letters after a right-to-left override in the order a screen shows them", () => {
    // "\u202eton od I\u202c" is displayed as "I do not": the refusal a shopper reads.
    expect(shown("Yes, offers on WhatsApp \u202eton od I\u202c.")).toBe("Yes, offers on WhatsApp I do not.");
    expect(shown("\u202eppAstahW")).toBe("WhatsApp");
    expect(shown("\u202eppAstahW\u202c offers")).toBe("WhatsApp offers");
  });
});

describe("style rules this reader cannot apply", () => {
  it("a wording with its own style sheet shows no word that can be relied on", () => {
    for (const raw of [
      '<style>.x{display:none}</style>Yes, send me offers from Acme <span class="x">on WhatsApp</span>',
      "<STYLE>span{visibility:hidden}</STYLE><p>Yes, offers on <span>WhatsApp</span></p>",
      '<link rel="stylesheet" href="https://example.com/hide.css"><p>Yes, offers on WhatsApp</p>',
      "<style/>Yes, offers on WhatsApp",
    ]) {
      expect(visibleText(raw)).toEqual({ text: "", hiddenDropped: true, preTicked: false, styleSheet: true });
    }
  });

  it("the word 'style' or 'link' in plain words or other tags is no style sheet", () => {
    expect(shown("<p>Our style, your link: offers on WhatsApp</p>")).toBe(
      "Our style, your link: offers on WhatsApp",
    );
    expect(visibleText("<stylish>offers</stylish>").styleSheet).toBe(false);
  });

  it("an inline style written with a CSS escape may hide anything: its words do not count", () => {
    expect(shown('Yes, offers <span style="displa\\79:none">on WhatsApp</span>')).toBe("Yes, offers");
    expect(shown('Yes, offers <span style="color:\\72 ed">on WhatsApp</span>')).toBe("Yes, offers");
  });
});

describe("tags read as a browser reads them", () => {
  it("a slash does not close a hidden element that is not void: its words stay hidden until its closing tag", () => {
    expect(shown("Yes, offers <span hidden/>on WhatsApp</span> today")).toBe("Yes, offers today");
    expect(shown("Yes, offers <span hidden><span/>on</span> WhatsApp</span> today")).toBe(
      "Yes, offers today",
    );
    expect(shown("Yes, offers <b/>on WhatsApp")).toBe("Yes, offers on WhatsApp");
  });

  it("an attribute written with spaces around '=' is still read", () => {
    expect(shown('Yes, offers <span style = "display:none">on WhatsApp</span>')).toBe("Yes, offers");
    expect(shown("Yes, offers <span class = 'sr-only'>on WhatsApp</span>")).toBe("Yes, offers");
  });

  it("a name that starts with '=' is no hiding attribute, as a browser reads it: the words stay shown", () => {
    // A browser shows "I do not want ...": dropping "not" would turn a refusal into a consent.
    expect(shown("I do <span =hidden>not</span> want offers on WhatsApp")).toBe(
      "I do not want offers on WhatsApp",
    );
    expect(shown("I do <span a =hidden>not</span> want offers on WhatsApp")).toBe(
      "I do not want offers on WhatsApp",
    );
    expect(shown('Yes, offers <span x="a"hidden>on WhatsApp</span>')).toBe("Yes, offers");
  });

  it("an attribute after a lone '=' or a tag name ending in '=' is still read, as a browser reads it", () => {
    expect(shown("Yes, offers <span = hidden>on WhatsApp</span>")).toBe("Yes, offers");
    expect(shown("Yes, offers <span= hidden>on WhatsApp</span>")).toBe("Yes, offers");
  });

  it("a hiding attribute on a closing tag or a void element hides nothing after it", () => {
    expect(shown("Yes, <b>offers</b hidden> on WhatsApp")).toBe("Yes, offers on WhatsApp");
    expect(shown("Yes, offers <img hidden> on WhatsApp")).toBe("Yes, offers on WhatsApp");
  });

  it("an element named like a hiding attribute shows its words, as a browser shows unknown elements", () => {
    expect(shown("Yes, <hidden>offers</hidden> <xhidden>on WhatsApp</xhidden>")).toBe(
      "Yes, offers on WhatsApp",
    );
  });

  it("only type=hidden hides, read case-blind and trimmed; other types show their words", () => {
    expect(shown('Yes, <span type="button">on WhatsApp</span>')).toBe("Yes, on WhatsApp");
    expect(shown('Yes, <span type=" HIDDEN ">on WhatsApp</span>')).toBe("Yes,");
  });

  it("a void element inside a hidden element does not keep it open", () => {
    expect(shown("<span hidden>a<br>b<img src=x></span>Yes, on WhatsApp")).toBe("Yes, on WhatsApp");
  });

  it("words in a CSS comment left open never hide the element", () => {
    expect(shown('Yes, <span style="color:red;/* display:none">on WhatsApp</span>')).toBe("Yes, on WhatsApp");
  });

  it("one ticked box among several is a pre-ticked box; an end tag never ticks one", () => {
    expect(visibleText('<input type="checkbox"><input type="checkbox" checked> on WhatsApp').preTicked).toBe(
      true,
    );
    expect(visibleText("</input checked> on WhatsApp</p>").preTicked).toBe(false);
  });

  it("a doctype or processing instruction holds no hidden words", () => {
    expect(visibleText("<!DOCTYPE html><p>Yes, on WhatsApp</p>").hiddenDropped).toBe(false);
  });

  it("character references are decoded only when whole: the highest code point, and accents on one letter", () => {
    expect(shown("a&#x10FFFF;b")).toBe("a\u{10FFFF}b");
    expect(shown("caf&eacute; &aeacute; &eacutes;")).toBe("café &aeacute; &eacutes;");
  });
});

describe("a box the form requires", () => {
  it("is found on a checkbox marked required, never on plain text or a phone field", () => {
    expect(requiresTheBox('<input type="checkbox" required> Yes')).toBe(true);
    expect(requiresTheBox('<input type="checkbox"> Yes')).toBe(false);
    expect(requiresTheBox('<input type="tel" required> Yes')).toBe(false);
    expect(requiresTheBox("Yes, required")).toBe(false);
    // An end tag never requires anything.
    expect(requiresTheBox("</input required> Yes")).toBe(false);
  });

  it("is found on a box marked aria-required unless it says false, however that is written", () => {
    expect(requiresTheBox('<input type="checkbox" aria-required="true"> Yes')).toBe(true);
    expect(requiresTheBox('<input type="checkbox" aria-required="false"> Yes')).toBe(false);
    expect(requiresTheBox('<input type="checkbox" aria-required=" FALSE "> Yes')).toBe(false);
  });

  it("is found on an input without a type, or with any type that may be a box: in doubt, a box", () => {
    expect(requiresTheBox("<input required> Yes")).toBe(true);
    expect(requiresTheBox('<input type="text" type="checkbox" required> Yes')).toBe(true);
    expect(requiresTheBox('<input type=" TEL " required> Yes')).toBe(false);
  });

  it("is never a required field that is no input: a select or a text area asks for something else", () => {
    expect(requiresTheBox("<select required><option>Spain</option></select> Yes")).toBe(false);
    expect(requiresTheBox("<textarea required></textarea> Yes")).toBe(false);
  });
});

describe("a box ticked by a script or a framework binding", () => {
  it.each([
    '<input type="checkbox" :checked="true"> Send me offers',
    '<input type="checkbox" v-bind:checked="consent"> Send me offers',
    '<input type="checkbox" [checked]="0 || true"> Send me offers',
    '<input type="checkbox" [checked]="true || false"> Send me offers',
    '<input type="checkbox" defaultchecked> Send me offers',
    '<input type="checkbox" onfocus="this.checked = true"> Send me offers',
    '<input type="checkbox" data-onclick="this.checked = true"> Send me offers',
    '<input type="checkbox" oninputready="this.checked = true"> Send me offers',
  ])("is found in %j", (html) => {
    expect(visibleText(html).preTicked).toBe(true);
  });

  it.each([
    '<input type="checkbox" :checked="false"> Send me offers',
    '<input type="checkbox" [checked]=" 0 "> Send me offers',
    '<input type="checkbox" v-bind:checked="null"> Send me offers',
    // A handler the shopper's own click or input runs is the shopper ticking it.
    '<input type="checkbox" onclick="this.checked = true"> Send me offers',
    '<input type="checkbox" onchange="this.checked = true"> Send me offers',
    // An attribute named checked on something that is no input is no box.
    "<span checked> Send me offers</span>",
  ])("is not found in %j", (html) => {
    expect(visibleText(html).preTicked).toBe(false);
  });
});

describe("a custom box: any element announced as checked or pressed", () => {
  it.each([
    '<div role="checkbox" aria-checked="true"></div> Send me offers',
    '<div role=" Switch " aria-pressed="true"></div> Send me offers',
    '<div role="menuitemcheckbox" aria-checked="mixed"></div> Send me offers',
    // Without a role it is still announced as ticked: in doubt, it is a box.
    '<span class="box" aria-checked="true"></span> Send me offers',
    '<button aria-pressed="true">Yes</button> Send me offers',
  ])("shown ticked is found in %j", (html) => {
    expect(visibleText(html).preTicked).toBe(true);
  });

  it.each([
    '<div role="checkbox" aria-checked="false"></div> Send me offers',
    '<div role="checkbox" aria-checked=" FALSE "></div> Send me offers',
    '<div role="switch" aria-pressed="false"></div> Send me offers',
    '<div role="checkbox"></div> Send me offers',
    '<div role="checkbox" aria-label="true"></div> Send me offers',
  ])("unticked is not found in %j", (html) => {
    expect(visibleText(html).preTicked).toBe(false);
  });
});

describe("the end of a hidden element", () => {
  it("comes at its own closing tag: a void element or an unclosed paragraph inside it does not keep it open", () => {
    expect(shown("<span hidden>secret<br>more</span> Send me offers")).toBe("Send me offers");
    expect(shown("<div hidden><p>secret</div> Send me offers")).toBe("Send me offers");
  });
});
