import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleInbound, handleMetaVerification } from "../http/inbound-route.server";
import { withPublicHeaders } from "../http/security-headers";

/** Meta Cloud API `messages` webhooks: /whatsapp/meta?shop=<shop>.myshopify.com */
export const loader = ({ request }: LoaderFunctionArgs) => withPublicHeaders(handleMetaVerification(request));
export const action = ({ request }: ActionFunctionArgs) => withPublicHeaders(handleInbound(request, "meta"));
