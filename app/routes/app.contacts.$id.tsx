import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  DescriptionList,
  EmptyState,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { z } from "zod";
import { DETAIL_TEXT as T } from "../admin/strings/contacts";
import {
  ACTION_TEXT,
  CHANNEL_TEXT,
  describeSource,
  formatTime,
  LEDGER_TEXT,
  LEVEL_TEXT,
  labelOf,
  METHOD_TEXT,
  SEGMENT_TONE,
  SHOPIFY_STATE_TEXT,
  segmentLabel,
} from "../admin/strings/vocabulary";
import { CHANNELS, type Segment, TEST_SOURCE } from "../consent/types";
import { contactDetail } from "../contacts/contact-detail.server";
import { contactReasons } from "../contacts/remedies";
import { db } from "../db.server";
import { invariantResponse } from "../http/answers";
import { requireAdmin } from "../shopify/admin-auth.server";

const Params = z.object({ id: z.string().min(1).max(64) });

export const meta: MetaFunction = () => [{ title: T.documentTitle }];

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = Params.safeParse(params);
  const contact = parsed.success ? await contactDetail(db, shop, parsed.data.id) : null;
  // Unknown id and another shop's contact look the same: nothing is revealed about other shops.
  invariantResponse(contact, { notFound: true });
  return { ...contact, explained: contactReasons(contact.reasons, contact) };
};

export default function ContactDetailPage() {
  const contact = useLoaderData<typeof loader>();
  const segment = contact.segment as Segment;
  const title = contact.name || contact.phoneE164 || contact.email || T.noName;
  const latest = (channel: string) => {
    const event = [...contact.events]
      .reverse()
      .find((one) => one.channel === channel && one.action !== "confirm");
    return event
      ? `${labelOf(ACTION_TEXT, event.action)} (${formatTime(event.occurredAt ?? event.recordedAt)})`
      : T.nothingRecorded;
  };
  const shopifyState: Record<string, string | null> = {
    whatsapp: contact.shopify.whatsapp,
    sms: contact.shopify.sms,
    email: contact.shopify.email,
  };
  const stateRows = CHANNELS.map((channel) => [
    labelOf(CHANNEL_TEXT, channel),
    labelOf(SHOPIFY_STATE_TEXT, shopifyState[channel], T.unknown),
    latest(channel),
  ]);
  const detailRows: [string, string][] = [
    [T.detailRows.phone, contact.phoneE164 ?? "—"],
    [T.detailRows.phoneRaw, contact.phoneRaw ?? "—"],
    [T.detailRows.email, contact.email ?? "—"],
    [T.detailRows.country, contact.country ?? "—"],
    [T.detailRows.customer, contact.shopifyCustomerId ?? "—"],
    [T.detailRows.segment, segmentLabel(contact.segment)],
    [T.detailRows.decided, formatTime(contact.decidedAt)],
  ];
  return (
    <Page
      title={title}
      backAction={{ content: T.back, url: "/app/contacts" }}
      titleMetadata={
        <Badge tone={contact.exportable ? "success" : SEGMENT_TONE[segment]}>
          {contact.exportable ? T.exportable : T.notExportable}
        </Badge>
      }
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                {contact.exportable ? (
                  <Text as="p">{T.exportableBody}</Text>
                ) : (
                  <>
                    <Text as="h2" variant="headingMd">
                      {T.reasonsHeading}
                    </Text>
                    <BlockStack as="ul" gap="300">
                      {contact.explained.map((reason) => (
                        <Box as="li" key={reason.code}>
                          <BlockStack gap="100" inlineAlign="start">
                            <Text as="h3" variant="headingSm">
                              {reason.label}
                            </Text>
                            <Text as="p">{reason.explanation}</Text>
                            <Text as="p" tone="subdued">
                              {T.remedy}: {reason.remedy}
                            </Text>
                            {reason.action && (
                              <Button url={reason.action.url} size="slim">
                                {reason.action.label}
                              </Button>
                            )}
                          </BlockStack>
                        </Box>
                      ))}
                    </BlockStack>
                  </>
                )}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {T.timelineHeading}
                </Text>
                {contact.events.length === 0 ? (
                  <Text as="p" tone="subdued">
                    {T.timelineEmpty}
                  </Text>
                ) : (
                  <BlockStack as="ol" gap="400">
                    {contact.events.map((event) => (
                      <Box
                        as="li"
                        key={event.id}
                        borderColor="border"
                        borderWidth="025"
                        borderRadius="200"
                        padding="300"
                      >
                        <BlockStack gap="200">
                          <InlineStack gap="200" blockAlign="center">
                            <Text as="h3" variant="headingSm">
                              {labelOf(CHANNEL_TEXT, event.channel)}: {labelOf(ACTION_TEXT, event.action)}
                            </Text>
                            <Badge tone={event.ledger === "verified" ? "success" : "critical"}>
                              {LEDGER_TEXT[event.ledger].label}
                            </Badge>
                            {event.decisive && <Badge tone="info">{T.event.decisive}</Badge>}
                            {event.sourceKind === TEST_SOURCE && <Badge tone="magic">{T.event.test}</Badge>}
                          </InlineStack>
                          <DescriptionList
                            gap="tight"
                            items={[
                              {
                                term: T.event.occurred,
                                description: formatTime(event.occurredAt, T.event.noTime),
                              },
                              { term: T.event.recorded, description: formatTime(event.recordedAt) },
                              {
                                term: T.event.source,
                                description: describeSource(event.sourceKind, event.sourceDetail),
                              },
                              {
                                term: T.event.method,
                                description: labelOf(METHOD_TEXT, event.captureMethod),
                              },
                              {
                                term: T.event.level,
                                description: labelOf(LEVEL_TEXT, event.optInLevel),
                              },
                            ]}
                          />
                          <Text as="h4" variant="headingXs">
                            {T.event.text}
                          </Text>
                          {event.consentText ? (
                            <Box
                              as="section"
                              background="bg-surface-secondary"
                              padding="200"
                              borderRadius="100"
                            >
                              <Text as="p">{event.consentText.text}</Text>
                              <Text as="p" variant="bodySm" tone="subdued" breakWord>
                                sha256 {event.consentText.sha256}
                              </Text>
                            </Box>
                          ) : (
                            <Text as="p" tone="subdued">
                              {T.event.noText}
                            </Text>
                          )}
                        </BlockStack>
                      </Box>
                    ))}
                  </BlockStack>
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {T.details}
                </Text>
                <DescriptionList
                  gap="tight"
                  items={detailRows.map(([term, description]) => ({ term, description }))}
                />
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {T.statesHeading}
                </Text>
                <DescriptionList
                  gap="tight"
                  items={stateRows.map(([channel, shopify, ours]) => ({
                    term: channel,
                    description: `${T.shopifySays}: ${shopify}. ${T.oursSays}: ${ours}.`,
                  }))}
                />
                <Text as="p" variant="bodySm" tone="subdued">
                  {contact.shopify.syncedAt
                    ? T.shopifySynced(formatTime(contact.shopify.syncedAt))
                    : T.neverSynced}
                </Text>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/** Unknown or foreign contact: a page that says so and leads back, not an error screen. */
export function ErrorBoundary() {
  const error = useRouteError();
  if (!isRouteErrorResponse(error) || error.status !== 404) throw error;
  return (
    <Page title={T.notFoundTitle} backAction={{ content: T.back, url: "/app/contacts" }}>
      <Card>
        <EmptyState
          heading={T.notFoundTitle}
          action={{ content: T.backToContacts, url: "/app/contacts" }}
          image=""
        >
          <p>{T.notFoundBody}</p>
        </EmptyState>
      </Card>
    </Page>
  );
}
