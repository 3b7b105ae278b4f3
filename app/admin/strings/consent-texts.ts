/** Every string of the consent texts page, in one place for translation. */
export const CONSENT_TEXTS_COPY = {
  title: "Consent texts",
  subtitle: "The exact words shoppers agree to, and where they saw them",
  brand: {
    title: "Set your brand name first",
    body: "Every consent text must name your brand as shoppers know it. Until it is set, no text can be saved.",
    label: "Brand name",
    help: "For example Acme Coffee. It cannot be changed here once set.",
    save: "Save brand name",
    current: (brand: string) => `Texts are checked for WhatsApp and your brand, ${brand}.`,
    alreadySet: "Your brand name is already set.",
  },
  editor: {
    title: "Texts in use",
    intro:
      "Saved wording must name WhatsApp and your brand, say the messages are marketing, and stand on its own (not tied to your terms).",
    sameWording:
      "Your theme's WhatsApp opt-in block, the app embed and the checkout extension show the wording saved here, in the place it is saved for. When you change it, shoppers who opened the page before may still agree to the previous wording for 24 hours; after that only the new wording is accepted.",
    label: { storefront: "Storefront text (theme block and app embed)", checkout: "Checkout text" },
    help: "Shown next to the unticked WhatsApp checkbox.",
    save: { storefront: "Save storefront text", checkout: "Save checkout text" },
    saved: { storefront: "Storefront text saved.", checkout: "Checkout text saved." },
    refused: "This wording was not saved",
    notPublished:
      "Saved, but Shopify could not be reached to update your storefront and checkout, so they still show the previous wording. Save again in a moment to retry.",
  },
  languages: {
    title: "Wording in other languages",
    intro:
      "Shoppers browsing your store in another language see the wording saved for that language. Where there is none, they see the main wording above.",
    language: "Language",
    placement: "Shown at",
    text: "Wording in this language",
    save: "Save wording for this language",
    saved: "Wording for this language saved.",
    current: (language: string, placement: string) => `${language}, ${placement}`,
    missing: (language: string, placement: string) =>
      `No ${language} wording for the ${placement}: ${language}-speaking shoppers see the main wording there.`,
    placements: { storefront: "storefront", checkout: "checkout" },
    noWording: (language: string) =>
      `Your store sells in ${language}, but no ${language} wording is saved: those shoppers see the main wording.`,
    unreadable: (language: string) =>
      `Your store sells in ${language}, which the consent check cannot read yet: those shoppers see the main wording.`,
    mainMissing:
      "You saved wording for another language but no main wording: shoppers in every other language see no WhatsApp checkbox.",
  },
  /** Names of the languages the consent check reads, as merchants read them. */
  languageNames: {
    en: "English",
    es: "Spanish",
    pt: "Portuguese",
    de: "German",
    fr: "French",
    it: "Italian",
  } as Record<string, string>,
  versions: {
    title: "All versions",
    emptyTitle: "No consent texts yet",
    emptyBody:
      "Save a storefront or checkout text above. Every wording shoppers see is kept here with its history.",
    contacts: (count: number) => (count === 1 ? "1 contact" : `${count} contacts`),
    inUse: { storefront: "In use: storefront", checkout: "In use: checkout" },
    acceptable: "Acceptable",
    notAcceptable: "Not acceptable",
    firstSeen: "First seen",
    lastSeen: "Last seen",
    language: "Language",
    placements: "Where it was shown",
    seen: (first: string, last: string) => `First seen ${first}, last seen ${last}`,
    findings: "What the check found",
    noLocation: "—",
  },
  /** The merchant saved the text here (a placement with no location). */
  savedLabels: { storefront: "Saved for the storefront", checkout: "Saved for checkout" } as Record<
    string,
    string
  >,
  sourceLabels: {
    storefront_block: "Theme app block",
    storefront_embed: "Theme app embed",
    checkout: "Checkout",
    thank_you: "Thank-you page",
    import: "Imported list",
    admin: "Admin",
    whatsapp_reply: "WhatsApp reply",
    shopify_sync: "Shopify sync",
  } as Record<string, string>,
  severity: { ok: "Passes", warning: "Warning", error: "Problem" },
  validation: {
    placement: "Choose where the text is shown: storefront or checkout.",
    language: "Choose one of the listed languages.",
    textMissing: "Enter the exact words shoppers see next to the checkbox.",
    textTooLong: (max: number) => `Keep the text under ${max} characters.`,
    brandMissing: "Enter your brand name as shoppers know it.",
    brandTooLong: (max: number) => `Keep the brand name under ${max} characters.`,
  },
} as const;
