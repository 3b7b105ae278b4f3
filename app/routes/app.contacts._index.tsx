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
  Card,
  ChoiceList,
  EmptySearchResult,
  Filters,
  IndexTable,
  InlineStack,
  Link,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { CONTACTS_TEXT as T } from "../admin/strings/contacts";
import { formatDay, SOURCE_LABEL } from "../admin/strings/vocabulary";
import { REASON_TEXT, SEGMENT_TEXT } from "../consent/reasons";
import {
  REASON_CODES,
  type ReasonCode,
  SEGMENTS,
  type Segment,
  SOURCE_KINDS,
  type SourceKind,
} from "../consent/types";
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

const SEGMENT_TONE: Record<Segment, "success" | "attention" | "info" | "critical" | undefined> = {
  whatsapp_substantiated: "success",
  whatsapp_unsubstantiated: "attention",
  sms_only: "info",
  email_only: "info",
  unclear: undefined,
  opted_out: "critical",
};

const SEARCH_DELAY_MS = 350;

export default function Contacts() {
  const { rows, next, previous, filtered } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const loading = useNavigation().state === "loading";
  const [search, setSearch] = useState(params.get("q") ?? "");
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

  const page = (cursor: string | null, key: "after" | "before") => {
    if (!cursor) return;
    const nextParams = new URLSearchParams(params);
    nextParams.delete("after");
    nextParams.delete("before");
    nextParams.set(key, cursor);
    setParams(nextParams);
  };

  const choice = (key: string, title: string, choices: { label: string; value: string }[]) => ({
    key,
    label: title,
    pinned: true,
    filter: (
      <ChoiceList
        title={title}
        titleHidden
        choices={choices}
        selected={params.get(key) ? [params.get(key) as string] : []}
        onChange={([value]) => update({ [key]: value ?? null })}
      />
    ),
  });
  const filters = [
    choice(
      "segment",
      T.filters.segment,
      SEGMENTS.map((value) => ({ value, label: SEGMENT_TEXT[value].label })),
    ),
    choice(
      "reason",
      T.filters.reason,
      REASON_CODES.map((value) => ({ value, label: value })),
    ),
    choice(
      "source",
      T.filters.source,
      SOURCE_KINDS.map((value) => ({ value, label: SOURCE_LABEL[value] })),
    ),
    {
      key: "decided",
      label: T.filters.decided,
      filter: (
        <BlockStack gap="200">
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
        </BlockStack>
      ),
    },
  ];
  const labelOf: Record<string, (value: string) => string> = {
    segment: (value) => `${T.filters.segment}: ${SEGMENT_TEXT[value as Segment]?.label ?? value}`,
    reason: (value) => `${T.filters.reason}: ${value}`,
    source: (value) => `${T.filters.source}: ${SOURCE_LABEL[value as SourceKind] ?? value}`,
  };
  const applied = [
    ...["segment", "reason", "source"].flatMap((key) => {
      const value = params.get(key);
      return value
        ? [
            {
              key,
              label: (labelOf[key] as (value: string) => string)(value),
              onRemove: () => update({ [key]: null }),
            },
          ]
        : [];
    }),
    ...(params.get("from") || params.get("to")
      ? [
          {
            key: "decided",
            label: `${T.filters.decided}: ${params.get("from") ?? "…"} – ${params.get("to") ?? "…"}`,
            onRemove: () => update({ from: null, to: null }),
          },
        ]
      : []),
  ];

  const sort = (params.get("sort") ?? "decided_desc") as ContactSort;
  const emptyState = (
    <EmptySearchResult
      title={filtered ? T.emptyTitle : T.emptyShopTitle}
      description={filtered ? T.emptyDescription : T.emptyShopDescription}
      withIllustration
    />
  );

  return (
    <Page title={T.title} subtitle={T.subtitle} fullWidth>
      <Card padding="0">
        <Filters
          queryValue={search}
          queryPlaceholder={T.searchPlaceholder}
          onQueryChange={onSearch}
          onQueryClear={() => {
            setSearch("");
            update({ q: null });
          }}
          filters={filters}
          appliedFilters={applied}
          onClearAll={() => {
            setSearch("");
            update({ segment: null, reason: null, source: null, from: null, to: null, q: null });
          }}
          loading={loading}
        >
          <div style={{ paddingLeft: "8px", minWidth: "260px" }}>
            <Select
              label={T.sortLabel}
              labelInline
              options={CONTACT_SORTS.map((value) => ({ value, label: T.sorts[value] }))}
              value={sort}
              onChange={(value) => update({ sort: value })}
            />
          </div>
        </Filters>
        <IndexTable
          resourceName={T.resourceName}
          itemCount={rows.length}
          selectable={false}
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
            const name = [row.firstName, row.lastName].filter(Boolean).join(" ");
            return (
              <IndexTable.Row
                id={row.id}
                key={row.id}
                position={index}
                onClick={() => navigate(`/app/contacts/${row.id}`)}
              >
                <IndexTable.Cell>
                  <Link dataPrimaryLink url={`/app/contacts/${row.id}`} removeUnderline monochrome>
                    <Text as="span" fontWeight="semibold">
                      {name || T.noName}
                    </Text>
                  </Link>
                </IndexTable.Cell>
                <IndexTable.Cell>{row.phone ?? ""}</IndexTable.Cell>
                <IndexTable.Cell>{row.email ?? ""}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge tone={SEGMENT_TONE[segment]}>{SEGMENT_TEXT[segment]?.label ?? row.segment}</Badge>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <InlineStack gap="100" wrap={false}>
                    {row.reasons.slice(0, 2).map((reason) => (
                      <span key={reason} title={REASON_TEXT[reason as ReasonCode]?.explanation}>
                        <Text as="span" variant="bodySm">
                          {reason}
                        </Text>
                      </span>
                    ))}
                    {row.reasons.length > 2 && (
                      <Text as="span" variant="bodySm" tone="subdued">
                        {T.moreReasons(row.reasons.length - 2)}
                      </Text>
                    )}
                  </InlineStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  {row.source ? (SOURCE_LABEL[row.source as SourceKind] ?? row.source) : ""}
                </IndexTable.Cell>
                <IndexTable.Cell>{formatDay(row.decidedAt)}</IndexTable.Cell>
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
