/** Every string of the capture setup page, in one place for translation. */
export const CAPTURE_COPY = {
  title: "Capture setup",
  subtitle: "Where shoppers can opt in to WhatsApp, and whether it is working",
  noneLive: {
    title: "No WhatsApp opt-in is live yet",
    body: "No opt-in has reached the app in the last 30 days. Turn on at least one of the places below so new WhatsApp opt-ins are recorded with proof.",
  },
  howWeKnow:
    "A capture point counts as live once it has recorded an opt-in or opt-out in the last 30 days, so a block that is switched on but has had no visitor yet shows as not yet seen here (the overview's checklist also looks at your published theme). Test opt-ins do not count.",
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
  testOptIn: {
    title: "Send a test opt-in",
    body: "Sends an opt-in the way your storefront does, with your storefront wording, through Shopify's App Proxy check. It is recorded and marked as a test: it never counts as anyone's consent and never goes into an export.",
    action: "Send a test opt-in",
    sent: "Test opt-in recorded",
    sentBody: "The app accepted it exactly as it would accept a shopper's opt-in.",
    refused: "The test opt-in was refused",
    timeline: "See it in the timeline",
    last: "Last test opt-in",
    none: "No test opt-in sent yet.",
  },
  refusals: {
    title: "Refused opt-ins in the last 24 hours",
    none: "None: every opt-in that reached the app in the last 24 hours was accepted.",
    intro: "The app refused these requests and recorded nothing for them.",
    count: (count: number) => (count === 1 ? "1 refused" : `${count} refused`),
    reasons: {
      wrong_wording: {
        label: "Wording the app does not know",
        explanation:
          "The page sent consent wording that is not saved in the app, often a page opened before you changed the wording, or wording typed in the theme editor.",
        next: "Check the wording on the Consent texts page",
        url: "/app/consent-texts",
      },
      bad_signature: {
        label: "Not signed by Shopify",
        explanation:
          "Requests that claimed to come from your store but were not signed by Shopify, were too old, or were sent twice. Counted per the store they claim to be from; a few a day are usually bots.",
        next: "Nothing to do unless this grows",
        url: null,
      },
      rate_limited: {
        label: "Too many at once",
        explanation: "More requests than the app accepts per minute from one visitor or for your store.",
        next: "Nothing to do unless this grows",
        url: null,
      },
      invalid_input: {
        label: "Incomplete or invalid",
        explanation:
          "The box was not ticked, the phone number could not be read, or the form was incomplete.",
        next: "Send a test opt-in to check the form works",
        url: null,
      },
    },
  },
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
