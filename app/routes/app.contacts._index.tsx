import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  useLoaderData,
  useNavigate,
  useNavigation,
  useRouteError,
  useSearchParams,
} from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Collapsible,
  IndexTable,
  InlineGrid,
  InlineStack,
  Link,
  Page,
  Select,
  Tag,
  Text,
  TextField,
  useBreakpoints,
} from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { CONTACTS_TEXT as T } from "../admin/strings/contacts";
import {
  formatDay,
  labelOf,
  REASON_TEXT,
  reasonLabel,
  SEGMENT_TEXT,
  SEGMENT_TONE,
  SOURCE_TEXT,
  segmentLabel,
} from "../admin/strings/vocabulary";
import { REASON_CODES, type ReasonCode, SEGMENTS, type Segment, SOURCE_KINDS } from "../consent/types";
import { listContacts } from "../contacts/contact-list.server";
import {
  CONTACT_SORTS,
  ContactListQuery,
  type ContactSort,
  queryObject,
} from "../contacts/contact-list-query";
import { db } from "../db.server";
import { requireAdmin } from "../shopify/admin-auth.server";

export const meta: MetaFunction = () => [{ title: T.documentTitle }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = ContactListQuery.safeParse(queryObject(new URL(request.url).searchParams));
  if (!parsed.success) {
    const message = parsed.error.issues
      .map((issue) => `${issue.path.join(".") || "query"}: ${issue.message}`)
      .join(" ");
    throw Response.json({ message }, { status: 400 });
  }
  const { sort: _sort, after: _after, before: _before, ...filters } = parsed.data;
  const filtered = Object.values(filters).some((value) => value !== undefined);
  return { ...(await listContacts(db, shop, parsed.data)), filtered };
};

const SEARCH_DELAY_MS = 350;
const FILTER_KEYS = ["segment", "reason", "source", "from", "to"] as const;

export default function Contacts() {
  const { rows, next, previous, filtered, total } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const loading = useNavigation().state === "loading";
  // Phones get one line per contact (a list); wider screens get the table.
  const { smDown } = useBreakpoints();
  const [search, setSearch] = useState(params.get("q") ?? "");
  const activeFilters = FILTER_KEYS.filter((key) => params.get(key));
  const [filtersOpen, setFiltersOpen] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();

  /** Changes some filters and goes back to the first page. */
  const update = (changes: Record<string, string | null>) => {
    const nextParams = new URLSearchParams(params);
    nextParams.delete("after");
    nextParams.delete("before");
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") nextParams.delete(key);
      else nextParams.set(key, value);
    }
    setParams(nextParams);
  };
  const updateRef = useRef(update);
  updateRef.current = update;

  useEffect(() => () => clearTimeout(timer.current), []);
  const onSearch = (value: string) => {
    setSearch(value);
    clearTimeout(timer.current);
    // One character matches too much to be useful; wait for two.
    const trimmed = value.trim();
    if (trimmed.length === 1) return;
    timer.current = setTimeout(() => updateRef.current({ q: trimmed }), SEARCH_DELAY_MS);
  };
  const clearAll = () => {
    setSearch("");
    update({ segment: null, reason: null, source: null, from: null, to: null, q: null });
  };

  const page = (cursor: string | null, key: "after" | "before") => {
    if (!cursor) return;
    const nextParams = new URLSearchParams(params);
    nextParams.delete("after");
    nextParams.delete("before");
    nextParams.set(key, cursor);
    setParams(nextParams);
  };

  const select = (key: string, label: string, any: string, options: { label: string; value: string }[]) => (
    <Select
      label={label}
      options={[{ label: any, value: "" }, ...options]}
      value={params.get(key) ?? ""}
      onChange={(value) => update({ [key]: value })}
    />
  );
  const tagLabel: Record<(typeof FILTER_KEYS)[number], (value: string) => string> = {
    segment: (value) => `${T.filters.segment}: ${segmentLabel(value)}`,
    reason: (value) => `${T.filters.reason}: ${reasonLabel(value)}`,
    source: (value) => `${T.filters.source}: ${labelOf(SOURCE_TEXT, value)}`,
    from: (value) => `${T.filters.from}: ${value}`,
    to: (value) => `${T.filters.to}: ${value}`,
  };

  const sort = (params.get("sort") ?? "decided_desc") as ContactSort;
  const emptyState = (
    <Box padding="600">
      <BlockStack gap="300" inlineAlign="center">
        <Text as="h2" variant="headingMd" alignment="center">
          {filtered ? T.emptyTitle : T.emptyShopTitle}
        </Text>
        <Text as="p" tone="subdued" alignment="center">
          {filtered ? T.emptyDescription : T.emptyShopDescription}
        </Text>
        {filtered ? (
          <Button onClick={clearAll}>{T.filters.clearAll}</Button>
        ) : (
          <InlineStack gap="200" align="center">
            <Button url="/app">{T.emptyShopSync}</Button>
            <Button url="/app/capture">{T.emptyShopCapture}</Button>
          </InlineStack>
        )}
      </BlockStack>
    </Box>
  );

  return (
    <Page title={T.title} subtitle={T.subtitle} fullWidth>
      <Card padding="0">
        <Box padding="300">
          <BlockStack gap="300">
            <TextField
              label={T.searchLabel}
              labelHidden
              placeholder={T.searchPlaceholder}
              helpText={T.searchHelp}
              autoComplete="off"
              value={search}
              onChange={onSearch}
              clearButton
              onClearButtonClick={() => {
                setSearch("");
                update({ q: null });
              }}
            />
            <InlineStack gap="200" blockAlign="center">
              <Button
                disclosure={filtersOpen ? "up" : "down"}
                onClick={() => setFiltersOpen((open) => !open)}
                ariaExpanded={filtersOpen}
                ariaControls="contact-filters"
              >
                {T.filters.button(activeFilters.length)}
              </Button>
              {activeFilters.map((key) => (
                <Tag key={key} onRemove={() => update({ [key]: null })}>
                  {tagLabel[key](params.get(key) ?? "")}
                </Tag>
              ))}
              {(activeFilters.length > 0 || params.get("q")) && (
                <Button variant="plain" onClick={clearAll}>
                  {T.filters.clearAll}
                </Button>
              )}
            </InlineStack>
            <Collapsible id="contact-filters" open={filtersOpen}>
              <InlineGrid columns={{ xs: 1, sm: 2, lg: 3 }} gap="300">
                {select(
                  "segment",
                  T.filters.segment,
                  T.filters.anySegment,
                  SEGMENTS.map((value) => ({ value, label: SEGMENT_TEXT[value].label })),
                )}
                {select(
                  "reason",
                  T.filters.reason,
                  T.filters.anyReason,
                  REASON_CODES.map((value) => ({ value, label: REASON_TEXT[value].label })),
                )}
                {select(
                  "source",
                  T.filters.source,
                  T.filters.anySource,
                  SOURCE_KINDS.map((value) => ({ value, label: SOURCE_TEXT[value].label })),
                )}
                <TextField
                  label={T.filters.from}
                  type="date"
                  autoComplete="off"
                  value={params.get("from") ?? ""}
                  onChange={(value) => update({ from: value })}
                />
                <TextField
                  label={T.filters.to}
                  type="date"
                  autoComplete="off"
                  value={params.get("to") ?? ""}
                  onChange={(value) => update({ to: value })}
                />
                <Select
                  label={T.sortLabel}
                  options={CONTACT_SORTS.map((value) => ({ value, label: T.sorts[value] }))}
                  value={sort}
                  onChange={(value) => update({ sort: value })}
                />
              </InlineGrid>
            </Collapsible>
            <Text as="p" tone="subdued" aria-live="polite">
              <span data-testid="contact-count">{T.count(total.count, total.capped, filtered)}</span>
            </Text>
          </BlockStack>
        </Box>
        <IndexTable
          resourceName={T.resourceName}
          itemCount={rows.length}
          selectable={false}
          condensed={smDown}
          loading={loading}
          emptyState={emptyState}
          headings={T.columns.map((title) => ({ title })) as [{ title: string }, ...{ title: string }[]]}
          pagination={{
            hasNext: next !== null,
            hasPrevious: previous !== null,
            onNext: () => page(next, "after"),
            onPrevious: () => page(previous, "before"),
            accessibilityLabel: T.pagination,
          }}
        >
          {rows.map((row, index) => {
            const segment = row.segment as Segment;
            const name = [row.firstName, row.lastName].filter(Boolean).join(" ") || T.noName;
            const segmentBadge = <Badge tone={SEGMENT_TONE[segment]}>{segmentLabel(row.segment)}</Badge>;
            const reasons = (
              <InlineStack gap="100" wrap={smDown}>
                {row.reasons.slice(0, 2).map((reason, position) => (
                  <span key={reason} title={REASON_TEXT[reason as ReasonCode]?.explanation}>
                    <Text as="span" variant="bodySm">
                      {position > 0 ? `· ${reasonLabel(reason)}` : reasonLabel(reason)}
                    </Text>
                  </span>
                ))}
                {row.reasons.length > 2 && (
                  <Text as="span" variant="bodySm" tone="subdued">
                    {T.moreReasons(row.reasons.length - 2)}
                  </Text>
                )}
              </InlineStack>
            );
            const link = (
              <Link dataPrimaryLink url={`/app/contacts/${row.id}`} removeUnderline monochrome>
                <Text as="span" fontWeight="semibold">
                  {name}
                </Text>
              </Link>
            );
            return (
              <IndexTable.Row
                id={row.id}
                key={row.id}
                position={index}
                onClick={() => navigate(`/app/contacts/${row.id}`)}
              >
                {smDown ? (
                  <Box padding="300" width="100%">
                    <BlockStack gap="100">
                      <InlineStack align="space-between" gap="200" wrap={false}>
                        {link}
                        {segmentBadge}
                      </InlineStack>
                      <Text as="span" variant="bodySm" breakWord>
                        {[row.phone, row.email].filter(Boolean).join(" · ")}
                      </Text>
                      {reasons}
                    </BlockStack>
                  </Box>
                ) : (
                  <>
                    <IndexTable.Cell>{link}</IndexTable.Cell>
                    <IndexTable.Cell>{row.phone ?? ""}</IndexTable.Cell>
                    <IndexTable.Cell>{row.email ?? ""}</IndexTable.Cell>
                    <IndexTable.Cell>{segmentBadge}</IndexTable.Cell>
                    <IndexTable.Cell>{reasons}</IndexTable.Cell>
                    <IndexTable.Cell>{row.source ? labelOf(SOURCE_TEXT, row.source) : ""}</IndexTable.Cell>
                    <IndexTable.Cell>{formatDay(row.decidedAt)}</IndexTable.Cell>
                  </>
                )}
              </IndexTable.Row>
            );
          })}
        </IndexTable>
      </Card>
    </Page>
  );
}

/** A damaged or hand-edited link: say what is wrong and offer the full list, never a crash page. */
export function ErrorBoundary() {
  const error = useRouteError();
  const message =
    isRouteErrorResponse(error) && typeof error.data === "object" && error.data && "message" in error.data
      ? String(error.data.message)
      : null;
  if (!message) throw error;
  return (
    <Page title={T.title}>
      <Banner
        tone="critical"
        title={T.badRequestTitle}
        action={{ content: T.startOver, url: "/app/contacts" }}
      >
        <p>{message}</p>
      </Banner>
    </Page>
  );
}
