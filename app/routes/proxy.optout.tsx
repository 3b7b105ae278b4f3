import type { ActionFunctionArgs } from "@remix-run/node";
import { handleStorefrontCapture } from "../capture/storefront-capture.server";

/** POST /apps/whatsapp-consent/optout: "stop WhatsApp messages" from the storefront. */
export const action = ({ request }: ActionFunctionArgs) => handleStorefrontCapture(request, "optout");
