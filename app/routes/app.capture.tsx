import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { type CapturePointStatus, captureStatus } from "../admin/capture-status.server";
import { CAPTURE_COPY as COPY } from "../admin/strings/capture";
import { formatUtc } from "../admin/strings/format";
import { SOURCE_TEXT } from "../admin/strings/vocabulary";
import { db } from "../db.server";
import { appEnv } from "../env.server";
import { requireAdmin } from "../shopify/admin-auth.server";

export const meta: MetaFunction = () => [{ title: COPY.title }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const config = appEnv();
  return captureStatus(db, shop, { apiKey: config.SHOPIFY_API_KEY, appUrl: config.SHOPIFY_APP_URL });
};

const STATE_TONE = { live: "success", quiet: "warning", not_seen: undefined } as const;

export default function CaptureSetup() {
  const { points, anyLive, doubleOptIn } = useLoaderData<typeof loader>();
  return (
    <Page title={COPY.title} subtitle={COPY.subtitle}>
      <Layout>
        {!anyLive && (
          <Layout.Section>
            <Banner tone="warning" title={COPY.noneLive.title}>
              <p>{COPY.noneLive.body}</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p" tone="subdued">
              {COPY.howWeKnow}
            </Text>
            <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
              {points.map((point) => (
                <CapturePointCard key={point.point} point={point} />
              ))}
            </InlineGrid>
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  {COPY.doubleOptIn.title}
                </Text>
                <Badge tone={doubleOptIn.enabled ? "success" : undefined}>
                  {doubleOptIn.enabled ? COPY.doubleOptIn.on : COPY.doubleOptIn.off}
                </Badge>
              </InlineStack>
              <Text as="p">{doubleOptIn.enabled ? COPY.doubleOptIn.enabled : COPY.doubleOptIn.disabled}</Text>
              <Text as="p">
                <Text as="span" fontWeight="semibold">
                  {COPY.doubleOptIn.number}:
                </Text>{" "}
                {doubleOptIn.whatsappNumber ?? COPY.doubleOptIn.noNumber}
              </Text>
              <Text as="p">
                <Text as="span" fontWeight="semibold">
                  {COPY.doubleOptIn.lastReply}:
                </Text>{" "}
                {doubleOptIn.lastReplyAt ? formatUtc(doubleOptIn.lastReplyAt) : COPY.doubleOptIn.none}
              </Text>
              <Text as="h3" variant="headingSm">
                {COPY.doubleOptIn.webhookTitle}
              </Text>
              <Text as="p">{COPY.doubleOptIn.webhookIntro}</Text>
              <WebhookUrl
                label={COPY.doubleOptIn.genericUrl}
                url={doubleOptIn.inboundUrl}
                secretSet={doubleOptIn.inboundSecretSet}
              />
              <WebhookUrl
                label={COPY.doubleOptIn.metaUrl}
                url={doubleOptIn.metaUrl}
                secretSet={doubleOptIn.metaAppSecretSet}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function CapturePointCard({ point }: { point: CapturePointStatus }) {
  const copy = COPY.points[point.point];
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {SOURCE_TEXT[point.point].label}
          </Text>
          <Badge tone={STATE_TONE[point.state]}>{COPY.state[point.state]}</Badge>
        </InlineStack>
        <Text as="p">{copy.body}</Text>
        <Text as="p" tone="subdued">
          {COPY.lastEvent}: {formatUtc(point.lastEventAt)} · {COPY.events(point.events)}
        </Text>
        {!point.textConfigured && (
          <Banner tone="warning">
            <p>
              {COPY.noText} <Link url="/app/consent-texts">{COPY.textsLink}</Link>
            </p>
          </Banner>
        )}
        <InlineStack>
          <Button
            url={point.setupUrl}
            target="_blank"
            accessibilityLabel={`${copy.action} ${COPY.opensNewTab}`}
          >
            {copy.action}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

function WebhookUrl({ label, url, secretSet }: { label: string; url: string; secretSet: boolean }) {
  return (
    <BlockStack gap="100">
      <TextField label={label} value={url} readOnly autoComplete="off" monospaced />
      <InlineStack>
        <Badge tone={secretSet ? "success" : "attention"}>
          {secretSet ? COPY.doubleOptIn.secretSet : COPY.doubleOptIn.secretMissing}
        </Badge>
      </InlineStack>
    </BlockStack>
  );
}
