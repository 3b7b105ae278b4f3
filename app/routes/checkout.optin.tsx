import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleCheckoutCapture, handleCheckoutPreflight } from "../http/checkout-capture.server";
import { withPublicHeaders } from "../http/security-headers";

/** CORS preflight of the checkout extension (the library answers OPTIONS); GET is refused. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  withPublicHeaders(handleCheckoutPreflight(request));

/** POST /checkout/optin from the checkout UI extension. */
export const action = ({ request }: ActionFunctionArgs) => withPublicHeaders(handleCheckoutCapture(request));
