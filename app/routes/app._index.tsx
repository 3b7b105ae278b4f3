import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { z } from "zod";
import { SEGMENT_TEXT } from "../consent/reasons";
import { SEGMENTS } from "../consent/types";
import { db } from "../db.server";
import { requireAdmin } from "../shopify/admin-auth.server";
import { startBulkCustomerSync, waitForBulkSync } from "../sync/bulk-sync.server";
import { syncOverview } from "../sync/sync-status.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  return { shop, ...(await syncOverview(db, shop)) };
};

const ActionForm = z.object({ intent: z.literal("sync") });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, client } = await requireAdmin(request);
  const form = ActionForm.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) return Response.json({ error: "Unknown action." }, { status: 400 });
  const admin = await client();
  const job = await startBulkCustomerSync(db, admin, shop);
  // The bulk_operations/finish webhook normally completes it; polling covers a lost webhook.
  void waitForBulkSync(db, admin, shop, job.operationId).catch(() => undefined);
  return { started: job.operationId };
};

export default function Overview() {
  const { shop, segments, total, lastSync, failedWriteBacks } = useLoaderData<typeof loader>();
  const syncing = useNavigation().state === "submitting";
  const rows = SEGMENTS.map((segment) => [
    SEGMENT_TEXT[segment].label,
    SEGMENT_TEXT[segment].description,
    segments[segment],
  ]);
  return (
    <Page title="WhatsApp consent" subtitle={shop}>
      <Layout>
        {failedWriteBacks > 0 && (
          <Layout.Section>
            <Banner tone="warning" title="Some consent changes could not be saved in Shopify">
              <p>{failedWriteBacks} WhatsApp consent updates were refused by Shopify.</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  Contacts by segment ({total})
                </Text>
                <InlineStack gap="200">
                  <Button
                    url="/app/export/group-a"
                    download
                    variant="primary"
                    disabled={segments.whatsapp_substantiated === 0}
                  >
                    Download WhatsApp export (Group A)
                  </Button>
                  <Form method="post">
                    <input type="hidden" name="intent" value="sync" />
                    <Button submit loading={syncing}>
                      Sync customers from Shopify
                    </Button>
                  </Form>
                </InlineStack>
              </InlineStack>
              <DataTable
                columnContentTypes={["text", "text", "numeric"]}
                headings={["Segment", "Meaning", "Contacts"]}
                rows={rows}
              />
              {lastSync && (
                <InlineStack gap="200">
                  <Text as="span" tone="subdued">
                    Last sync
                  </Text>
                  <Badge
                    tone={lastSync.status === "IMPORTED" ? "success" : lastSync.error ? "critical" : "info"}
                  >
                    {lastSync.status}
                  </Badge>
                  <Text as="span" tone="subdued">
                    {lastSync.imported} customers
                  </Text>
                </InlineStack>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
