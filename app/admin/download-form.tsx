/**
 * A download button: a plain GET form, so the browser fetches and saves the
 * (streamed) file itself with no client-side routing. Polaris' Button with a
 * `url` would render the app's Remix Link and navigate instead of
 * downloading. Inside the Shopify admin the page URL carries the session
 * (shop, host, id_token); the download request needs it too.
 */
import { Form, useLocation } from "@remix-run/react";
import { Button } from "@shopify/polaris";

const EMBEDDED_PARAMS = ["shop", "host", "embedded", "id_token", "locale"];

function SessionFields() {
  const params = new URLSearchParams(useLocation().search);
  return (
    <>
      {EMBEDDED_PARAMS.filter((name) => params.has(name)).map((name) => (
        <input key={name} type="hidden" name={name} value={params.get(name) ?? ""} />
      ))}
    </>
  );
}

export function DownloadForm(props: {
  action: string;
  label: string;
  names?: boolean;
  /** More query parameters of the download (its form, a segment...). */
  fields?: Record<string, string>;
  primary?: boolean;
  disabled?: boolean;
}) {
  return (
    <Form method="get" action={props.action} reloadDocument>
      <SessionFields />
      {props.names !== undefined && <input type="hidden" name="names" value={props.names ? "1" : "0"} />}
      {Object.entries(props.fields ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button submit variant={props.primary ? "primary" : undefined} disabled={props.disabled}>
        {props.label}
      </Button>
    </Form>
  );
}
