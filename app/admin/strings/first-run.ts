/**
 * Words of the overview's first-run checklist: each step says where it
 * stands, how the app knows, and what to do next, in the merchant's words.
 */
import type { FirstRunStep, StepState } from "../first-run.server";
import { formatUtc } from "./format";

export const FIRST_RUN_TEXT = {
  heading: "From install to your first opt-in",
  intro: "Each step is checked from what your store and the app have recorded, not ticked by hand.",
  state: { done: "Done", todo: "To do", unknown: "Not known yet" } satisfies Record<StepState, string>,
  opensNewTab: "(opens in a new tab)",
};

export interface StepText {
  title: string;
  body: string;
  action: string;
  /** The link opens Shopify's editors, outside the app. */
  external: boolean;
}

export function firstRunStepText(step: FirstRunStep): StepText {
  switch (step.id) {
    case "wording":
      return {
        title: "Save the consent wording shoppers will see",
        body: !step.saved
          ? "No wording is saved yet. Opt-ins are only accepted with wording saved in the app."
          : step.published === false
            ? "Your wording is saved in the app but your store does not show it yet. Save it again to publish it."
            : step.published === null
              ? "Your wording is saved. The app could not check with Shopify that your store shows it; open the page to publish it again if in doubt."
              : "Your wording is saved and your storefront and checkout show it.",
        action: step.state === "done" ? "Review wording" : "Go to consent texts",
        external: false,
      };
    case "storefront":
      return {
        title: "Turn on the WhatsApp opt-in in your theme",
        body:
          step.seenBy === "events"
            ? "Shoppers have opted in from your storefront."
            : step.embedOn || step.blockIn.length > 0
              ? `Your published theme has the opt-in ${step.embedOn ? "switched on as an app embed" : "placed as a block"}. It shows as live once a shopper uses it.`
              : step.seenBy === "theme"
                ? "Your published theme does not have the opt-in yet. Switch on the app embed (or add the block), then save the theme."
                : "The app cannot read your theme, so it will know once the first shopper opts in from your storefront.",
        action: step.state === "done" ? "Open theme editor" : "Turn on in theme editor",
        external: true,
      };
    case "checkout":
      return {
        title: "Add the opt-in to checkout (optional)",
        body:
          step.state === "done"
            ? "Shoppers have opted in at checkout or on the thank-you page."
            : "Shopify does not tell apps whether a checkout block is placed. This turns done when the first shopper opts in at checkout or on the thank-you page.",
        action: "Open checkout editor",
        external: true,
      };
    case "first_opt_in":
      return {
        title: "Receive your first opt-in",
        body: step.at
          ? `The first shopper opted in on ${formatUtc(step.at)}.`
          : "No shopper has opted in yet. Send a test opt-in to check everything works; tests are never counted or exported.",
        action: step.at ? "Review capture setup" : "Send a test opt-in",
        external: false,
      };
  }
}
