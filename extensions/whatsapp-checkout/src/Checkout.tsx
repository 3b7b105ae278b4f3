import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { OptIn } from "./OptIn";

/** purchase.checkout.contact.render-after (information step; Shopify Plus stores). */
export default function extension() {
  render(<OptIn target="checkout" />, document.body);
}
