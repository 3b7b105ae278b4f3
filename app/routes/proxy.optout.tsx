import type { ActionFunctionArgs } from "@remix-run/node";
import { handleStorefrontCapture } from "../capture/storefront-capture.server";
import { withPublicHeaders } from "../http/security-headers";

/** POST /apps/whatsapp-consent/optout: "stop WhatsApp messages" from the storefront. */
export const action = ({ request }: ActionFunctionArgs) =>
  withPublicHeaders(handleStorefrontCapture(request, "optout"));
