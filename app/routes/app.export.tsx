import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Card,
  Checkbox,
  DataTable,
  InlineStack,
  Layout,
  List,
  Page,
  Text,
} from "@shopify/polaris";
import { useState } from "react";
import { DownloadForm } from "../admin/download-form";
import { exportKindLabel, EXPORT_PAGE_TEXT as T } from "../admin/strings/export";
import { ensureCurrentRules } from "../contacts/rules-refresh.server";
import { db } from "../db.server";
import { exportPageData } from "../export/export-page.server";
import { requireAdmin } from "../shopify/admin-auth.server";

export const meta: MetaFunction = () => [{ title: T.documentTitle }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  await ensureCurrentRules(db, shop);
  return exportPageData(db, shop);
};

export default function ExportPage() {
  const { groupA, rePermission, history } = useLoaderData<typeof loader>();
  const [includeNames, setIncludeNames] = useState(true);
  const failed = history.filter((entry) => entry.status === "failed").length;
  return (
    <Page title={T.title} subtitle={T.subtitle}>
      <Layout>
        {failed > 0 && (
          <Layout.Section>
            <Banner tone="critical">
              <p>{T.history.failedBanner(failed)}</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {T.groupA.heading}
              </Text>
              <Text as="p">{T.groupA.body}</Text>
              <Text as="p" fontWeight="semibold">
                {T.groupA.count(groupA)}
              </Text>
              {groupA === 0 && (
                <Text as="p" tone="subdued">
                  {T.groupA.empty}
                </Text>
              )}
              <Checkbox
                label={T.groupA.includeNames}
                helpText={T.groupA.includeNamesHelp}
                checked={includeNames}
                onChange={setIncludeNames}
              />
              <InlineStack>
                <DownloadForm
                  action="/app/export/group-a"
                  label={T.groupA.download}
                  names={includeNames}
                  primary
                />
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {T.rePermission.heading}
              </Text>
              <Text as="p">{T.rePermission.body}</Text>
              <DataTable
                columnContentTypes={["text", "numeric"]}
                headings={[...T.rePermission.columns]}
                hideScrollIndicator
                rows={[
                  [T.rePermission.smsOnly, rePermission.smsOnly.toLocaleString("en-US")],
                  [T.rePermission.emailOnly, rePermission.emailOnly.toLocaleString("en-US")],
                  [T.rePermission.whatsappUnproven, rePermission.whatsappUnproven.toLocaleString("en-US")],
                ]}
              />
              <InlineStack>
                <DownloadForm action="/app/export/re-permission" label={T.rePermission.download} />
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {T.evidencePack.heading}
              </Text>
              <Text as="p">{T.evidencePack.body}</Text>
              <List>
                {T.evidencePack.contents.map((item) => (
                  <List.Item key={item}>{item}</List.Item>
                ))}
              </List>
              <Text as="p" tone="subdued">
                {T.evidencePack.namesNote}
              </Text>
              <InlineStack>
                <DownloadForm
                  action="/app/export/evidence-pack"
                  label={T.evidencePack.download}
                  names={includeNames}
                />
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {T.history.heading}
              </Text>
              <Text as="p" tone="subdued">
                {T.history.body}
              </Text>
              {history.length === 0 ? (
                <Text as="p">{T.history.empty}</Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "numeric", "text", "text", "text"]}
                  headings={[...T.history.columns]}
                  rows={history.map((entry) => [
                    entry.at,
                    exportKindLabel(entry.kind, entry.options),
                    entry.rows.toLocaleString("en-US"),
                    entry.requestedBy,
                    <code key={entry.id} title={entry.sha256}>
                      {entry.sha256.slice(0, 16)}…
                    </code>,
                    entry.status === "failed" ? (
                      <Text key={`${entry.id}-status`} as="span" tone="critical">
                        {T.history.failed}
                      </Text>
                    ) : (
                      T.history.completed
                    ),
                  ])}
                />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
