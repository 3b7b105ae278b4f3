import { describe, expect, it } from "vitest";
import { themeJson, themePlacement } from "./theme-app-blocks";

const HANDLES = { block: "whatsapp-optin", embed: "whatsapp-optin-embed" };
const HEADER = "/*\n * IMPORTANT: The contents of this file are auto-generated.\n */\n";
const type = (handle: string) =>
  `shopify://apps/whatsapp-consent/blocks/${handle}/0b3c9a4e-1111-2222-3333-444455556666`;
const file = (filename: string, json: unknown) => ({ filename, content: HEADER + JSON.stringify(json) });
const settings = (blocks: Record<string, unknown>) =>
  file("config/settings_data.json", { current: { blocks } });
const template = (name: string, sections: Record<string, unknown>) =>
  file(`templates/${name}.json`, { sections, order: Object.keys(sections) });

describe("the app's opt-in on the published theme", () => {
  it("reads JSON under the theme editor's comment header, and nothing else", () => {
    expect(themeJson(`${HEADER}{"a":1}`)).toEqual({ a: 1 });
    expect(themeJson('{"a":1}')).toEqual({ a: 1 });
    expect(themeJson(`${HEADER}{"a":`)).toBeNull();
    expect(themeJson("[1]")).toBeNull();
  });

  it("finds the embed switched on in settings_data.json, not when disabled or another app's", () => {
    expect(
      themePlacement([settings({ x: { type: type(HANDLES.embed), disabled: false } })], HANDLES),
    ).toEqual({
      embedOn: true,
      blockIn: [],
    });
    expect(
      themePlacement([settings({ x: { type: type(HANDLES.embed), disabled: true } })], HANDLES).embedOn,
    ).toBe(false);
    expect(
      themePlacement(
        [settings({ x: { type: "shopify://apps/other/blocks/chat/abc", disabled: false } })],
        HANDLES,
      ).embedOn,
    ).toBe(false);
    // The app block's handle in settings is not the embed.
    expect(themePlacement([settings({ x: { type: type(HANDLES.block) } })], HANDLES).embedOn).toBe(false);
  });

  it("reads the preset settings_data.json names as current", () => {
    const named = file("config/settings_data.json", {
      current: "Default",
      presets: { Default: { blocks: { x: { type: type(HANDLES.embed) } } } },
    });
    expect(themePlacement([named], HANDLES).embedOn).toBe(true);
  });

  it("finds the block in templates and section groups, unless it or its section is disabled", () => {
    const placed = template("index", {
      apps: { type: "apps", blocks: { b: { type: type(HANDLES.block) } } },
    });
    const hidden = template("page", {
      apps: { type: "apps", blocks: { b: { type: type(HANDLES.block), disabled: true } } },
    });
    const hiddenSection = template("product", {
      apps: { type: "apps", disabled: true, blocks: { b: { type: type(HANDLES.block) } } },
    });
    const footer = file("sections/footer-group.json", {
      sections: { apps: { type: "apps", blocks: { b: { type: type(HANDLES.block) } } } },
    });
    expect(themePlacement([placed, hidden, hiddenSection, footer], HANDLES)).toEqual({
      embedOn: false,
      blockIn: ["templates/index.json", "sections/footer-group.json"],
    });
  });
});
