import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { AppProvider, BlockStack, Card, Page, Text } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import enTranslations from "@shopify/polaris/locales/en.json";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];
export const meta: MetaFunction = () => [{ title: "WhatsApp Consent" }];

/** Public landing page; the embedded admin lives under /app (installed from the Shopify admin). */
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
          </BlockStack>
        </Card>
      </Page>
    </AppProvider>
  );
}
