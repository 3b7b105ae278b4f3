/** Every string of the capture setup page, in one place for translation. */
export const CAPTURE_COPY = {
  title: "Capture setup",
  subtitle: "Where shoppers can opt in to WhatsApp, and whether it is working",
  noneLive: {
    title: "No WhatsApp opt-in is live yet",
    body: "No opt-in has reached the app in the last 30 days. Turn on at least one of the places below so new WhatsApp opt-ins are recorded with proof.",
  },
  howWeKnow:
    "A capture point counts as live once it has recorded an opt-in or opt-out in the last 30 days. The app does not read your theme's files, so a block that is switched on but has had no visitor yet shows as not yet seen.",
  points: {
    storefront_embed: {
      body: "Adds the WhatsApp opt-in to forms your theme already has (newsletter, contact, account). Switch it on in the theme editor under App embeds, then save.",
      action: "Turn on in theme editor",
    },
    storefront_block: {
      body: "A WhatsApp opt-in section you place on any page of your theme.",
      action: "Add block in theme editor",
    },
    checkout: {
      body: "An unticked WhatsApp opt-in in the contact step of checkout (Shopify Plus).",
      action: "Open checkout editor",
    },
    thank_you: {
      body: "The same opt-in on the order status and thank-you page (every plan).",
      action: "Open checkout editor",
    },
  },
  state: { live: "Live", quiet: "Quiet", not_seen: "Not yet seen" },
  lastEvent: "Last opt-in or opt-out",
  events: (count: number) => (count === 1 ? "1 event recorded" : `${count} events recorded`),
  noText:
    "Save the wording it shows on the Consent texts page first; opt-ins with other wording are refused.",
  textsLink: "Go to consent texts",
  opensNewTab: "(opens in a new tab)",
  doubleOptIn: {
    title: "WhatsApp double opt-in",
    on: "On",
    off: "Off",
    enabled: "On: after ticking the box, shoppers confirm by sending a code to your WhatsApp number.",
    disabled: "Off: opt-ins are recorded as single opt-in.",
    number: "WhatsApp business number",
    noNumber: "Not set. Double opt-in needs your WhatsApp business number.",
    webhookTitle: "Where your WhatsApp platform sends replies",
    webhookIntro:
      "Configure one of these URLs in your WhatsApp platform so confirmations and STOP replies reach the app.",
    genericUrl: "Any platform (signed with your inbound secret, header X-Signature)",
    metaUrl: "Meta Cloud API webhook (signed with your Meta app secret)",
    secretSet: "Secret set",
    secretMissing: "Secret not set",
    lastReply: "Last reply received",
    none: "None yet",
  },
} as const;
