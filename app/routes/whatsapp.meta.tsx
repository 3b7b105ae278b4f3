import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleInbound, handleMetaVerification } from "../double-opt-in/inbound-route.server";

/** Meta Cloud API `messages` webhooks: /whatsapp/meta?shop=<shop>.myshopify.com */
export const loader = ({ request }: LoaderFunctionArgs) => handleMetaVerification(request);
export const action = ({ request }: ActionFunctionArgs) => handleInbound(request, "meta");
