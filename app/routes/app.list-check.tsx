import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  DataTable,
  EmptyState,
  FormLayout,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { type ReactNode, useState } from "react";
import { DownloadForm } from "../admin/download-form";
import { EMPTY_STATE_IMAGE } from "../admin/empty-state-image";
import { type ListCheckPageData, listCheckPageData } from "../admin/list-check-errors";
import { LIST_CHECK_COPY as COPY } from "../admin/strings/list-check";
import { REASON_TEXT, SEGMENT_TEXT } from "../consent/reasons";
import { REASON_CODES, SEGMENTS } from "../consent/types";
import { db } from "../db.server";
import { appEnv } from "../env.server";
import { statusOf } from "../http/answers";
import { type ListCheckRun, listCheckAction } from "../list-check/admin-run.server";
import { CANONICAL_FIELDS } from "../list-check/columns";
import { requireAdmin } from "../shopify/admin-auth.server";

export const meta: MetaFunction = () => [{ title: COPY.title }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const settings = await db.shop.findUnique({ where: { domain: shop } });
  return {
    brandName: settings?.brandName ?? "",
    defaultCountry: settings?.defaultCountry ?? "",
    maxMb: appEnv().LIST_CHECK_MAX_MB,
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const maxBytes = Math.floor(appEnv().LIST_CHECK_MAX_MB * 1024 * 1024);
  const outcome = await listCheckAction(request, shop, { maxBytes });
  return Response.json(listCheckPageData(outcome.data), {
    status: outcome.refused ? statusOf(outcome.refused) : 200,
  });
};

export default function ListCheck() {
  const { brandName, defaultCountry, maxMb } = useLoaderData<typeof loader>();
  const result = useActionData<ListCheckPageData>();
  const busy = useNavigation().state === "submitting";
  const settings = result && "settings" in result ? result.settings : null;
  return (
    <Page title={COPY.title} subtitle={COPY.subtitle}>
      <Layout>
        <Layout.Section>
          <UploadCard
            brand={settings?.brand ?? brandName}
            country={settings?.defaultCountry ?? defaultCountry}
            maxMb={maxMb}
            busy={busy}
            fieldErrors={result?.status === "error" ? result.fields : undefined}
          />
        </Layout.Section>
        {result?.status === "error" && (
          <Layout.Section>
            <Banner tone="critical" title={COPY.errors.title}>
              <p>{result.error}</p>
            </Banner>
          </Layout.Section>
        )}
        {result?.status === "needs_mapping" && (
          <Layout.Section>
            <Banner tone="warning" title={COPY.errors.badMapping}>
              <p>{result.error}</p>
            </Banner>
          </Layout.Section>
        )}
        {result?.status === "checked" && (
          <Layout.Section>
            <ResultCard run={result.run} />
          </Layout.Section>
        )}
        {(result?.status === "checked" || result?.status === "needs_mapping") && (
          <Layout.Section>
            <MappingCard
              key={`${result.run.runId}:${JSON.stringify(result.run.mapping)}`}
              run={result.run}
              provider={result.status === "checked" ? result.run.provider : null}
              unmapped={result.status === "checked" ? result.run.unmapped : []}
              settings={result.settings}
              busy={busy}
            />
          </Layout.Section>
        )}
        {!result && (
          <Layout.Section>
            <Card>
              <EmptyState heading={COPY.empty.title} image={EMPTY_STATE_IMAGE}>
                <p>{COPY.empty.body}</p>
              </EmptyState>
            </Card>
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}

function UploadCard(props: {
  brand: string;
  country: string;
  maxMb: number;
  busy: boolean;
  fieldErrors?: Record<string, string>;
}) {
  const [brand, setBrand] = useState(props.brand);
  const [country, setCountry] = useState(props.country);
  return (
    <Card>
      <Form method="post" encType="multipart/form-data">
        <BlockStack gap="400">
          <Text as="h2" variant="headingMd">
            {COPY.upload.title}
          </Text>
          <Text as="p">{COPY.intro}</Text>
          <FormLayout>
            <BlockStack gap="100">
              <label htmlFor="list-check-file">
                <Text as="span" variant="bodyMd">
                  {COPY.upload.file}
                </Text>
              </label>
              <input
                id="list-check-file"
                type="file"
                name="file"
                accept=".csv,.txt,text/csv"
                required
                aria-describedby="list-check-file-help"
              />
              <Text as="p" tone="subdued" id="list-check-file-help">
                {COPY.upload.fileHelp(props.maxMb)}
              </Text>
            </BlockStack>
            <FormLayout.Group>
              <TextField
                label={COPY.upload.brand}
                name="brand"
                value={brand}
                onChange={setBrand}
                helpText={COPY.upload.brandHelp}
                error={props.fieldErrors?.brand}
                autoComplete="organization"
              />
              <TextField
                label={COPY.upload.country}
                name="defaultCountry"
                value={country}
                onChange={setCountry}
                helpText={COPY.upload.countryHelp}
                error={props.fieldErrors?.defaultCountry}
                maxLength={2}
                autoComplete="country"
              />
            </FormLayout.Group>
          </FormLayout>
          <InlineStack>
            <Button submit variant="primary" loading={props.busy}>
              {COPY.upload.submit}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

function MappingCard(props: {
  run: Pick<ListCheckRun, "runId" | "headers" | "mapping">;
  provider: string | null;
  unmapped: string[];
  settings: { brand: string; defaultCountry: string | null };
  busy: boolean;
}) {
  const [mapping, setMapping] = useState<Record<string, string>>(props.run.mapping);
  const options = [
    { label: COPY.mapping.notUsed, value: "" },
    ...props.run.headers
      .filter((header) => header.trim() !== "")
      .map((header) => ({ label: header, value: header })),
  ];
  return (
    <Card>
      {/* Shows the file's own column names: the one place CSV headers are on screen. */}
      <Form method="post" data-csv-columns="">
        <BlockStack gap="400">
          <Text as="h2" variant="headingMd">
            {COPY.mapping.title}
          </Text>
          <Text as="p">{COPY.mapping.intro}</Text>
          {props.provider && <Text as="p">{COPY.mapping.provider(props.provider)}</Text>}
          <input type="hidden" name="runId" value={props.run.runId} />
          <input type="hidden" name="brand" value={props.settings.brand} />
          <input type="hidden" name="defaultCountry" value={props.settings.defaultCountry ?? ""} />
          <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="300">
            {CANONICAL_FIELDS.map((field) => (
              <Select
                key={field}
                label={COPY.mapping.fields[field] ?? field}
                name={`map.${field}`}
                options={options}
                value={mapping[field] ?? ""}
                onChange={(value) => setMapping((current) => ({ ...current, [field]: value }))}
              />
            ))}
          </InlineGrid>
          {props.unmapped.length > 0 && (
            <Text as="p" tone="subdued">
              {COPY.mapping.unmapped}: {props.unmapped.join(", ")}
            </Text>
          )}
          <InlineStack>
            <Button submit loading={props.busy}>
              {COPY.mapping.submit}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

function ResultCard({ run }: { run: ListCheckRun }) {
  const base = `/app/list-check/runs/${run.runId}`;
  const reasons = REASON_CODES.filter((code) => run.reasons[code] > 0).sort(
    (a, b) => run.reasons[b] - run.reasons[a],
  );
  const segments = SEGMENTS.map((segment) => [SEGMENT_TEXT[segment].label, run.segments[segment]]);
  if (run.rows === 0) {
    return (
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {COPY.result.title(run.fileName)}
          </Text>
          <Banner tone="warning">
            <p>{COPY.result.noRows}</p>
          </Banner>
        </BlockStack>
      </Card>
    );
  }
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {COPY.result.title(run.fileName)}
        </Text>
        <Text as="p" tone="subdued">
          {COPY.result.rows(run.rows)}
        </Text>
        <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
          <GroupCount label={COPY.result.groupA} count={run.groupA} testId="group-a-count">
            <DownloadForm action={`${base}/group-a.csv`} label={COPY.result.downloadA} primary />
          </GroupCount>
          <GroupCount label={COPY.result.groupB} count={run.groupB} testId="group-b-count">
            <DownloadForm action={`${base}/group-b.csv`} label={COPY.result.downloadB} />
          </GroupCount>
        </InlineGrid>
        <Text as="h3" variant="headingSm">
          {COPY.result.reasons}
        </Text>
        {reasons.length === 0 ? (
          <Text as="p">{COPY.result.noReasons}</Text>
        ) : (
          // A list, not a three-column table: each reason's words fit a phone.
          <BlockStack as="ul" gap="300">
            {reasons.map((code) => (
              <Box as="li" key={code}>
                <BlockStack gap="050">
                  <Text as="p" fontWeight="semibold">
                    {COPY.result.reasonCount(REASON_TEXT[code].label, run.reasons[code])}
                  </Text>
                  <Text as="p">{REASON_TEXT[code].explanation}</Text>
                  <Text as="p" tone="subdued">
                    {COPY.result.remedy}: {REASON_TEXT[code].remedy}
                  </Text>
                </BlockStack>
              </Box>
            ))}
          </BlockStack>
        )}
        <Text as="h3" variant="headingSm">
          {COPY.result.segments}
        </Text>
        <DataTable
          columnContentTypes={["text", "numeric"]}
          headings={[...COPY.result.segmentHeadings]}
          rows={segments}
        />
      </BlockStack>
    </Card>
  );
}

function GroupCount(props: { label: string; count: number; testId: string; children: ReactNode }) {
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {props.label}
      </Text>
      <p data-testid={props.testId}>
        <Text as="span" variant="heading2xl">
          {props.count}
        </Text>
      </p>
      <InlineStack>{props.children}</InlineStack>
    </BlockStack>
  );
}
