import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, DataTable, InlineStack, Layout, Link, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { SEGMENT_COLOR, SOURCE_COLOR } from "../admin/charts/colors";
import { SegmentBarChart } from "../admin/charts/SegmentBarChart";
import { StackedDayChart } from "../admin/charts/StackedDayChart";
import { ChecklistRow } from "../admin/checklist-row";
import { loadDashboard } from "../admin/dashboard.server";
import { DownloadForm } from "../admin/download-form";
import { type FirstRunStep, firstRunChecklist } from "../admin/first-run.server";
import { readinessText, DASHBOARD_TEXT as T } from "../admin/strings/dashboard";
import { FIRST_RUN_TEXT, firstRunStepText } from "../admin/strings/first-run";
import { SEGMENT_TEXT, SOURCE_TEXT } from "../admin/strings/vocabulary";
import { SyncButton, SyncStatus, useSyncProgress } from "../admin/sync-status";
import { SEGMENTS, SOURCE_KINDS } from "../consent/types";
import { ensureCurrentRules } from "../contacts/rules-refresh.server";
import { db } from "../db.server";
import { appEnv } from "../env.server";
import { problemResponse, refuse } from "../http/answers";
import { runInBackground } from "../jobs/background.server";
import { requireAdmin } from "../shopify/admin-auth.server";
import { requestCustomerSync, waitForBulkSync } from "../sync/bulk-sync.server";

export const meta: MetaFunction = () => [{ title: T.documentTitle }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, client } = await requireAdmin(request);
  // Counts and exports show what the current consent rules decide.
  await ensureCurrentRules(db, shop);
  const [dashboard, firstRun] = await Promise.all([
    loadDashboard(db, shop),
    firstRunChecklist(db, shop, { client, apiKey: appEnv().SHOPIFY_API_KEY }),
  ]);
  return { shop, ...dashboard, firstRun };
};

const ActionForm = z.object({ intent: z.literal("sync") });

/** Starts a customer sync (the first one or a retry); refused while one runs. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, client } = await requireAdmin(request);
  const form = ActionForm.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) return refuse("invalid", "Unknown action.");
  const admin = await client();
  const started = await requestCustomerSync(db, admin, shop);
  if (!started.ok) return problemResponse(started);
  const { operationId } = started.value;
  // The bulk_operations/finish webhook normally completes it; polling records progress and covers a lost webhook.
  runInBackground(`bulk-sync polling ${shop}`, (signal) =>
    waitForBulkSync(db, admin, shop, operationId, { signal }),
  );
  return { started: operationId };
};

export default function Overview() {
  const data = useLoaderData<typeof loader>();
  const { shop, segments, total, failedWriteBacks } = data;
  const sync = useSyncProgress(data.lastSync);
  const answer = useActionData<typeof action>();
  const refusal = answer && "error" in answer ? String(answer.error) : undefined;
  const bars = SEGMENTS.map((segment) => ({
    label: SEGMENT_TEXT[segment].label,
    value: segments[segment],
    color: SEGMENT_COLOR[segment],
  }));
  // Two columns, the meaning under the name: a third column does not fit a phone.
  const rows = SEGMENTS.map((segment) => [
    <BlockStack key={segment} gap="050">
      <Link url={`/app/contacts?segment=${segment}`}>{SEGMENT_TEXT[segment].label}</Link>
      <Text as="span" variant="bodySm" tone="subdued">
        {SEGMENT_TEXT[segment].description}
      </Text>
    </BlockStack>,
    segments[segment].toLocaleString("en"),
  ]);
  const series = SOURCE_KINDS.map((key) => ({
    key,
    label: SOURCE_TEXT[key].label,
    color: SOURCE_COLOR[key],
  }));
  const sourceTotals = SOURCE_KINDS.map(
    (key) => [key, data.optIns.reduce((sum, day) => sum + (day.counts[key] ?? 0), 0)] as const,
  ).filter(([, count]) => count > 0);
  const optInTotal = sourceTotals.reduce((sum, [, count]) => sum + count, 0);
  return (
    <Page title={T.title} subtitle={shop}>
      <Layout>
        {data.firstRun.some((step) => step.state !== "done") && (
          <Layout.Section>
            <FirstRunChecklist steps={data.firstRun} />
          </Layout.Section>
        )}
        {!data.captureLive && (
          <Layout.Section>
            <Banner
              tone="warning"
              title={T.noCapture.title}
              action={{ content: T.noCapture.action, url: "/app/capture" }}
            >
              <p>{T.noCapture.body}</p>
            </Banner>
          </Layout.Section>
        )}
        {failedWriteBacks > 0 && (
          <Layout.Section>
            <Banner tone="warning" title={T.failedWriteBacks.title}>
              <p>{T.failedWriteBacks.body(failedWriteBacks)}</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <InlineStack align="space-between" blockAlign="center" gap="200">
                <Text as="h2" variant="headingMd">
                  {T.segments.heading(total)}
                </Text>
                <InlineStack gap="200" wrap>
                  <DownloadForm
                    action="/app/export/group-a"
                    label={T.segments.download}
                    primary
                    disabled={data.exportable === 0}
                  />
                  <SyncButton label={T.segments.sync} disabled={sync?.running === true} />
                </InlineStack>
              </InlineStack>
              <Text as="p" tone="subdued">
                {T.segments.exportable(data.exportable)}
              </Text>
              <SegmentBarChart
                bars={bars}
                title={T.segments.chartTitle}
                description={T.segments.chartDescription(bars.map((bar) => `${bar.label}: ${bar.value}`))}
              />
              <DataTable
                columnContentTypes={["text", "numeric"]}
                headings={[...T.segments.columns]}
                rows={rows}
              />
              <SyncStatus progress={sync} refusal={refusal} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {T.optIns.heading(data.optIns.length)}
              </Text>
              <StackedDayChart
                days={data.optIns}
                series={series}
                title={T.optIns.chartTitle}
                legendLabel={T.optIns.legend}
                description={T.optIns.chartDescription(
                  optInTotal,
                  sourceTotals.map(([key, count]) => `${SOURCE_TEXT[key].label}: ${count}`),
                )}
              />
              {optInTotal === 0 && (
                <Text as="p" tone="subdued">
                  {T.optIns.empty(data.optIns.length)}
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {T.readiness.heading}
              </Text>
              <Text as="p" tone="subdued">
                {T.readiness.intro}
              </Text>
              <BlockStack gap="300" as="ul">
                {data.readiness.map((check) => {
                  const text = readinessText(check);
                  const label = check.pass ? T.readiness.review : T.readiness.fix;
                  return (
                    <ChecklistRow
                      key={check.id}
                      badge={check.pass ? T.readiness.pass : T.readiness.fail}
                      tone={check.pass ? "success" : "attention"}
                      badgeWidth="64px"
                      title={text.question}
                      body={text.answer}
                      next={{ label, url: check.fixUrl, accessibilityLabel: `${label}: ${text.question}` }}
                    />
                  );
                })}
              </BlockStack>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

const STEP_TONE = { done: "success", todo: "attention", unknown: undefined } as const;

function FirstRunChecklist({ steps }: { steps: FirstRunStep[] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {FIRST_RUN_TEXT.heading}
        </Text>
        <Text as="p" tone="subdued">
          {FIRST_RUN_TEXT.intro}
        </Text>
        <BlockStack gap="300" as="ol">
          {steps.map((step) => {
            const text = firstRunStepText(step);
            return (
              <ChecklistRow
                key={step.id}
                badge={FIRST_RUN_TEXT.state[step.state]}
                tone={STEP_TONE[step.state]}
                badgeWidth="96px"
                title={text.title}
                body={text.body}
                next={{
                  label: text.action,
                  url: step.nextUrl,
                  newTabNotice: text.external ? FIRST_RUN_TEXT.opensNewTab : undefined,
                }}
              />
            );
          })}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
