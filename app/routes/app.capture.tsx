import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
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
import { z } from "zod";
import { type CapturePointStatus, captureStatus, lastTestOptIn } from "../admin/capture-status.server";
import { ChecklistRow } from "../admin/checklist-row";
import { CAPTURE_COPY as COPY } from "../admin/strings/capture";
import { formatUtc } from "../admin/strings/format";
import { SOURCE_TEXT } from "../admin/strings/vocabulary";
import { REFUSAL_REASONS, type RefusalCounts } from "../capture/refusal-reasons";
import { refusalsLastDay } from "../capture/refusals.server";
import { db } from "../db.server";
import { appEnv } from "../env.server";
import { problemResponse } from "../http/answers";
import { sendTestOptIn } from "../http/test-opt-in.server";
import { requireAdmin } from "../shopify/admin-auth.server";

export const meta: MetaFunction = () => [{ title: COPY.title }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const config = appEnv();
  const [status, refusals, lastTest] = await Promise.all([
    captureStatus(db, shop, { apiKey: config.SHOPIFY_API_KEY, appUrl: config.SHOPIFY_APP_URL }),
    refusalsLastDay(db, shop),
    lastTestOptIn(db, shop),
  ]);
  return { ...status, refusals, lastTest };
};

const ActionForm = z.object({ intent: z.literal("test_opt_in") });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const form = ActionForm.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) return Response.json({ error: "Unknown action." }, { status: 400 });
  const sent = await sendTestOptIn(db, shop, { apiSecret: appEnv().SHOPIFY_API_SECRET });
  if (!sent.ok) return problemResponse(sent);
  return { sent: sent.value };
};

const STATE_TONE = { live: "success", quiet: "warning", not_seen: undefined } as const;

export default function CaptureSetup() {
  const { points, anyLive, doubleOptIn, refusals, lastTest } = useLoaderData<typeof loader>();
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
          <TestOptInCard lastTest={lastTest} />
        </Layout.Section>
        <Layout.Section>
          <RefusalsCard counts={refusals} />
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

type TestAnswer = { sent: { eventId: string; contactId: string } } | { error: string };

function TestOptInCard({ lastTest }: { lastTest: { recordedAt: string; contactId: string } | null }) {
  const answer = useActionData<TestAnswer>();
  const sending = useNavigation().state === "submitting";
  const T = COPY.testOptIn;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {T.title}
        </Text>
        <Text as="p">{T.body}</Text>
        {answer && "sent" in answer && (
          <Banner tone="success" title={T.sent}>
            <p>
              {T.sentBody} <Link url={`/app/contacts/${answer.sent.contactId}`}>{T.timeline}</Link>
            </p>
          </Banner>
        )}
        {answer && "error" in answer && (
          <Banner tone="critical" title={T.refused}>
            <p>{answer.error}</p>
          </Banner>
        )}
        <Text as="p" tone="subdued">
          {lastTest ? (
            <>
              {T.last}: {formatUtc(lastTest.recordedAt)} ·{" "}
              <Link url={`/app/contacts/${lastTest.contactId}`}>{T.timeline}</Link>
            </>
          ) : (
            T.none
          )}
        </Text>
        <Form method="post">
          <input type="hidden" name="intent" value="test_opt_in" />
          <Button submit loading={sending}>
            {T.action}
          </Button>
        </Form>
      </BlockStack>
    </Card>
  );
}

function RefusalsCard({ counts }: { counts: RefusalCounts }) {
  const T = COPY.refusals;
  const refused = REFUSAL_REASONS.filter((reason) => counts[reason] > 0);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {T.title}
        </Text>
        {refused.length === 0 ? (
          <Text as="p" tone="subdued">
            {T.none}
          </Text>
        ) : (
          <>
            <Text as="p">{T.intro}</Text>
            <BlockStack as="ul" gap="300">
              {refused.map((reason) => {
                const text = T.reasons[reason];
                return (
                  <ChecklistRow
                    key={reason}
                    badge={T.count(counts[reason])}
                    tone="warning"
                    badgeWidth="96px"
                    title={text.label}
                    body={text.explanation}
                    next={{ label: text.next, url: text.url ?? undefined }}
                  />
                );
              })}
            </BlockStack>
          </>
        )}
      </BlockStack>
    </Card>
  );
}
