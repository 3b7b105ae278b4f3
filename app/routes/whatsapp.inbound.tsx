import type { ActionFunctionArgs } from "@remix-run/node";
import { handleInbound } from "../http/inbound-route.server";
import { withPublicHeaders } from "../http/security-headers";

/**
 * Generic inbound message from any WhatsApp platform:
 * POST /whatsapp/inbound?shop=<shop>.myshopify.com
 * body {"messageId": "...", "from": "+34612345678", "text": "CONFIRM 1A2B3C4D"}
 * header X-Signature: sha256=<hex HMAC-SHA256 of the body with the shop's inbound secret>
 */
export const action = ({ request }: ActionFunctionArgs) =>
  withPublicHeaders(handleInbound(request, "generic"));
