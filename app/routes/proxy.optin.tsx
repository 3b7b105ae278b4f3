import type { ActionFunctionArgs } from "@remix-run/node";
import { handleStorefrontCapture } from "../capture/storefront-capture.server";

/** POST /apps/whatsapp-consent/optin on the storefront, forwarded by the App Proxy. */
export const action = ({ request }: ActionFunctionArgs) => handleStorefrontCapture(request, "optin");
