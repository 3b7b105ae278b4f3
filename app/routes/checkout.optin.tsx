import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleCheckoutCapture } from "../capture/checkout-capture.server";
import { authenticate } from "../shopify.server";

/** CORS preflight of the checkout extension (the library answers OPTIONS). */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.public.checkout(request);
  return new Response(null, { status: 405 });
};

/** POST /checkout/optin from the checkout UI extension. */
export const action = ({ request }: ActionFunctionArgs) => handleCheckoutCapture(request);
