import type { ActionFunctionArgs } from "@remix-run/node";
import { withPublicHeaders } from "../http/security-headers";
import { handleStorefrontCapture } from "../http/storefront-capture.server";

/** POST /apps/whatsapp-consent/optin on the storefront, forwarded by the App Proxy. */
export const action = ({ request }: ActionFunctionArgs) =>
  withPublicHeaders(handleStorefrontCapture(request, "optin"));
