import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { OptIn } from "./OptIn";

/** purchase.thank-you.block.render (thank-you page; every paid plan). */
export default function extension() {
  render(<OptIn target="thank_you" />, document.body);
}
