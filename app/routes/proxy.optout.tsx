import type { ActionFunctionArgs } from "@remix-run/node";
import { withPublicHeaders } from "../http/security-headers";
import { handleStorefrontCapture } from "../http/storefront-capture.server";

/** POST /apps/whatsapp-consent/optout: "stop WhatsApp messages" from the storefront. */
export const action = ({ request }: ActionFunctionArgs) =>
  withPublicHeaders(handleStorefrontCapture(request, "optout"));
