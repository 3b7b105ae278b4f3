import type { ActionFunctionArgs } from "@remix-run/node";
import { handleStorefrontCapture } from "../capture/storefront-capture.server";
import { withPublicHeaders } from "../http/security-headers";

/** POST /apps/whatsapp-consent/optin on the storefront, forwarded by the App Proxy. */
export const action = ({ request }: ActionFunctionArgs) =>
  withPublicHeaders(handleStorefrontCapture(request, "optin"));
