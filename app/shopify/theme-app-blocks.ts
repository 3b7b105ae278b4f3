/**
 * Is the app's opt-in on the published theme? Read from the theme's own
 * JSON files (Admin API `themes(roles: [MAIN])` / `files`, scope
 * read_themes): an app embed is switched on in config/settings_data.json
 * (`current.blocks`), an app block sits in a section of a JSON template
 * (templates/*.json) or section group (sections/*.json). Both are named
 * `shopify://apps/<app>/blocks/<handle>/<extension id>`; a block or its
 * section marked `disabled` does not count. Shopify puts a comment header
 * above the JSON the theme editor saves. Pure: the caller fetches the files.
 */

export interface ThemeFileText {
  filename: string;
  content: string;
}

export interface ThemePlacement {
  /** The app embed is switched on. */
  embedOn: boolean;
  /** Files (templates or section groups) that hold the app block, enabled. */
  blockIn: string[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The JSON of a theme file without the editor's leading comment; null when it is not JSON. */
export function themeJson(content: string): Json | null {
  const body = content.replace(/^\uFEFF?\s*\/\*[\s\S]*?\*\/\s*/, "");
  try {
    const parsed: unknown = JSON.parse(body);
    return isObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

const isAppBlock = (block: unknown, handle: string): boolean =>
  isObject(block) &&
  block.disabled !== true &&
  typeof block.type === "string" &&
  /^shopify:\/\/apps\/[^/]+\/blocks\/([^/]+)\/[^/]+$/.exec(block.type)?.[1] === handle;

const blocksOf = (holder: unknown): unknown[] =>
  isObject(holder) && isObject(holder.blocks) ? Object.values(holder.blocks) : [];

/** Theme settings name their current preset, or hold the settings themselves. */
function currentSettings(settings: Json): unknown {
  const current = settings.current;
  if (typeof current === "string" && isObject(settings.presets)) return settings.presets[current];
  return current;
}

export function themePlacement(
  files: readonly ThemeFileText[],
  handles: { block: string; embed: string },
): ThemePlacement {
  let embedOn = false;
  const blockIn: string[] = [];
  for (const file of files) {
    const json = themeJson(file.content);
    if (!json) continue;
    if (file.filename === "config/settings_data.json") {
      embedOn ||= blocksOf(currentSettings(json)).some((block) => isAppBlock(block, handles.embed));
      continue;
    }
    const sections = isObject(json.sections) ? Object.values(json.sections) : [];
    const placed = sections.some(
      (section) =>
        isObject(section) &&
        section.disabled !== true &&
        blocksOf(section).some((block) => isAppBlock(block, handles.block)),
    );
    if (placed) blockIn.push(file.filename);
  }
  return { embedOn, blockIn };
}
