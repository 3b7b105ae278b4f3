import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Card,
  Checkbox,
  ChoiceList,
  DataTable,
  InlineStack,
  Layout,
  List,
  Page,
  Select,
  Text,
  useBreakpoints,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { DownloadForm } from "../admin/download-form";
import { exportKindLabel, EXPORT_PAGE_TEXT as T } from "../admin/strings/export";
import { ensureCurrentRules } from "../contacts/rules-refresh.server";
import { db } from "../db.server";
import type { CsvForm } from "../export/csv-form";
import { exportPageData } from "../export/export-page.server";
import { RE_PERMISSION_SEGMENTS } from "../export/re-permission.server";
import { requireAdmin } from "../shopify/admin-auth.server";

export const meta: MetaFunction = () => [{ title: T.documentTitle }];

/** ?segment= preselects who the re-permission download holds (a contact page links here with its own). */
const PageQuery = z.object({ segment: z.enum(RE_PERMISSION_SEGMENTS).optional().catch(undefined) });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  await ensureCurrentRules(db, shop);
  const { segment } = PageQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { ...(await exportPageData(db, shop)), segment: segment ?? "all" };
};

export default function ExportPage() {
  const { groupA, rePermission, history, segment } = useLoaderData<typeof loader>();
  const [includeNames, setIncludeNames] = useState(true);
  const failed = history.filter((entry) => entry.status === "failed").length;
  const [form, setForm] = useState<CsvForm>("importer");
  const [audience, setAudience] = useState<string>(segment);
  const { smDown } = useBreakpoints();
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
            <ChoiceList
              title={T.form.title}
              choices={[
                { label: T.form.importer, value: "importer", helpText: T.form.importerHelp },
                { label: T.form.spreadsheet, value: "spreadsheet", helpText: T.form.spreadsheetHelp },
              ]}
              selected={[form]}
              onChange={([value]) => setForm(value === "spreadsheet" ? "spreadsheet" : "importer")}
            />
          </Card>
        </Layout.Section>
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
                  fields={{ form }}
                  primary
                />
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <Card>
            <BlockStack gap="300">
              <Box id="re-permission">
                <Text as="h2" variant="headingMd">
                  {T.rePermission.heading}
                </Text>
              </Box>
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
              <Select
                label={T.rePermission.audience}
                options={[
                  { value: "all", label: T.rePermission.everyone },
                  { value: "sms_only", label: T.rePermission.smsOnly },
                  { value: "email_only", label: T.rePermission.emailOnly },
                ]}
                value={audience}
                onChange={setAudience}
              />
              <InlineStack>
                <DownloadForm
                  action="/app/export/re-permission"
                  label={T.rePermission.download}
                  fields={{ segment: audience, form }}
                />
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
              ) : smDown ? (
                // Six columns do not fit a phone: one short paragraph per export instead.
                <BlockStack as="ul" gap="200">
                  {history.map((entry) => (
                    <Box as="li" key={entry.id}>
                      <Text as="p" fontWeight="semibold">
                        {exportKindLabel(entry.kind, entry.options)}
                      </Text>
                      <Text as="p" tone="subdued" breakWord>
                        {T.history.line(entry.at, entry.rows, entry.requestedBy, entry.sha256.slice(0, 16))}
                      </Text>
                      {entry.status === "failed" && (
                        <Text as="p" tone="critical">
                          {T.history.failed}
                        </Text>
                      )}
                    </Box>
                  ))}
                </BlockStack>
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
