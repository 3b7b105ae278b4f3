/**
 * One row of the admin's checklists (the overview's first-run steps and
 * readiness checks, the capture page's refusals): a state badge, a title,
 * what it means and what to do next. One shape, so the lists read alike.
 */
import { Badge, BlockStack, Box, InlineStack, Link, Text } from "@shopify/polaris";
import type { ComponentProps } from "react";

export interface ChecklistNext {
  label: string;
  /** Without a url the next step is a sentence, not a link. */
  url?: string;
  /** Opens in a new tab; the label then says so to screen readers. */
  newTabNotice?: string;
  accessibilityLabel?: string;
}

export function ChecklistRow(props: {
  badge: string;
  tone: ComponentProps<typeof Badge>["tone"];
  /** The badge column's width, so the titles of one list line up. */
  badgeWidth: string;
  title: string;
  body: string;
  next: ChecklistNext;
}) {
  const { next } = props;
  return (
    <Box as="li">
      <InlineStack gap="300" blockAlign="start" wrap={false}>
        <Box minWidth={props.badgeWidth}>
          <Badge tone={props.tone}>{props.badge}</Badge>
        </Box>
        <BlockStack gap="100">
          <Text as="h3" variant="headingSm">
            {props.title}
          </Text>
          <Text as="p">{props.body}</Text>
          {next.url ? (
            <Link
              url={next.url}
              target={next.newTabNotice ? "_blank" : undefined}
              accessibilityLabel={
                next.newTabNotice ? `${next.label} ${next.newTabNotice}` : next.accessibilityLabel
              }
            >
              {next.label}
            </Link>
          ) : (
            <Text as="p" tone="subdued">
              {next.label}
            </Text>
          )}
        </BlockStack>
      </InlineStack>
    </Box>
  );
}
