import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { AppProvider, BlockStack, Button, Card, Page, Text } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import enTranslations from "@shopify/polaris/locales/en.json";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];
export const meta: MetaFunction = () => [{ title: "WhatsApp Consent" }];

/**
 * The app URL. Shopify opens it with `shop`, `host`, `embedded` and a session
 * token in the query; as in Shopify's app template, such a request goes on to
 * the embedded admin with its query intact (the library authenticates it there).
 */
export const loader = ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return null;
};

/** Public landing page for visitors who come without a shop. */
export default function Index() {
  return (
    <AppProvider i18n={enTranslations}>
      <Page title="WhatsApp Consent">
        <Card>
          <BlockStack gap="200">
            <Text as="p">
              Collect WhatsApp marketing opt-ins your WhatsApp platform will accept, and export only the
              contacts whose consent you can prove.
            </Text>
            <Text as="p" tone="subdued">
              Install the app from your Shopify admin to get started.
            </Text>
            <div>
              <Button url="/auth/login">Log in with your store domain</Button>
            </div>
          </BlockStack>
        </Card>
      </Page>
    </AppProvider>
  );
}
