import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  EmptyState,
  InlineStack,
  Layout,
  List,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { type FormEvent, useState } from "react";
import { ConsentTextForm, fieldErrors, TEXT_LANGUAGES, TEXT_PLACEMENTS } from "../admin/consent-text-form";
import {
  consentTextsOverview,
  type LanguageWording,
  saveConsentTextForm,
} from "../admin/consent-texts.server";
import { EMPTY_STATE_IMAGE } from "../admin/empty-state-image";
import { CONSENT_TEXTS_COPY as COPY } from "../admin/strings/consent-texts";
import { formatUtc } from "../admin/strings/format";
import { MAX_CONSENT_TEXT_LENGTH } from "../consent/text-limits";
import { parseWordingSlot } from "../consent/wording-slot";
import { db } from "../db.server";
import { requireAdmin } from "../shopify/admin-auth.server";
import { storeLocales } from "../shopify/shop-locales.server";
import { publishShopWording } from "../shopify/wording-metafield.server";

export const meta: MetaFunction = () => [{ title: COPY.title }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, client } = await requireAdmin(request);
  return consentTextsOverview(db, shop, await storeLocales(client));
};

export interface ConsentTextActionData {
  /** Which form answered: "brand", "storefront", "checkout" or "language" (wording for one language). */
  form: string;
  saved?: boolean;
  errors?: Record<string, string>;
  problems?: { code: string; message: string }[];
  /** Saved, but Shopify could not be told: the storefront and checkout still show the previous wording. */
  notPublished?: string;
}

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, client } = await requireAdmin(request);
  const fields = Object.fromEntries(await request.formData());
  const which =
    fields.intent === "brand" ? "brand" : fields.locale ? "language" : String(fields.placement ?? "");
  const form = ConsentTextForm.safeParse(fields);
  if (!form.success) {
    const body: ConsentTextActionData = { form: which, errors: fieldErrors(form.error) };
    return Response.json(body, { status: 400 });
  }
  const result = await saveConsentTextForm(db, shop, form.data);
  if (!result.ok) {
    const body: ConsentTextActionData = { form: which, problems: result.problems };
    return Response.json(body, { status: 422 });
  }
  // The storefront and checkout read the wording from the app's metafield: publish what was saved.
  const published = form.data.intent === "text" ? await publishShopWording(db, shop, client) : { ok: true };
  const body: ConsentTextActionData = {
    form: which,
    saved: true,
    notPublished: published.ok ? undefined : COPY.editor.notPublished,
  };
  return Response.json(body);
};

type Placement = (typeof TEXT_PLACEMENTS)[number];

export default function ConsentTexts() {
  const { brandName, texts, inUse, languages, languageNotices } = useLoaderData<typeof loader>();
  return (
    <Page title={COPY.title} subtitle={COPY.subtitle}>
      <Layout>
        {brandName === "" ? (
          <Layout.Section>
            <BrandForm />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                {COPY.editor.title}
              </Text>
              <Text as="p">{COPY.editor.intro}</Text>
              {brandName !== "" && (
                <Text as="p" tone="subdued">
                  {COPY.brand.current(brandName)}
                </Text>
              )}
              <Banner tone="info">
                <p>{COPY.editor.sameWording}</p>
              </Banner>
              {TEXT_PLACEMENTS.map((placement) => (
                <TextEditor key={placement} placement={placement} current={inUse[placement]} />
              ))}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <LanguagesCard languages={languages} notices={languageNotices} />
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="h2" variant="headingLg">
              {COPY.versions.title}
            </Text>
            {texts.length === 0 ? (
              <Card>
                <EmptyState heading={COPY.versions.emptyTitle} image={EMPTY_STATE_IMAGE}>
                  <p>{COPY.versions.emptyBody}</p>
                </EmptyState>
              </Card>
            ) : (
              texts.map((text) => <VersionCard key={text.id} text={text} />)
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function useFormResult(form: string) {
  const data = useActionData<ConsentTextActionData>();
  return data?.form === form ? data : undefined;
}

function BrandForm() {
  const result = useFormResult("brand");
  const [value, setValue] = useState("");
  const [clientError, setClientError] = useState<string | undefined>();
  const submitting = useNavigation().formData?.get("intent") === "brand";
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const parsed = ConsentTextForm.safeParse({ intent: "brand", brandName: value });
    setClientError(parsed.success ? undefined : fieldErrors(parsed.error).brandName);
    if (!parsed.success) event.preventDefault();
  };
  const error = clientError ?? result?.errors?.brandName ?? result?.problems?.[0]?.message;
  return (
    <Card>
      <Form method="post" onSubmit={onSubmit}>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {COPY.brand.title}
          </Text>
          <Text as="p">{COPY.brand.body}</Text>
          <input type="hidden" name="intent" value="brand" />
          <TextField
            label={COPY.brand.label}
            name="brandName"
            value={value}
            onChange={setValue}
            helpText={COPY.brand.help}
            error={error}
            autoComplete="organization"
          />
          <InlineStack>
            <Button submit variant="primary" loading={submitting}>
              {COPY.brand.save}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

function TextEditor({ placement, current }: { placement: Placement; current: string }) {
  const result = useFormResult(placement);
  const [value, setValue] = useState(current);
  const [clientError, setClientError] = useState<string | undefined>();
  const navigation = useNavigation();
  const submitting = navigation.formData?.get("placement") === placement;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const parsed = ConsentTextForm.safeParse({ intent: "text", placement, text: value });
    setClientError(parsed.success ? undefined : fieldErrors(parsed.error).text);
    if (!parsed.success) event.preventDefault();
  };
  const problems = result?.problems ?? [];
  const fieldError =
    clientError ?? result?.errors?.text ?? (problems.length > 0 ? COPY.editor.refused : undefined);
  return (
    <Form method="post" onSubmit={onSubmit}>
      <BlockStack gap="200">
        <input type="hidden" name="intent" value="text" />
        <input type="hidden" name="placement" value={placement} />
        <TextField
          label={COPY.editor.label[placement]}
          name="text"
          value={value}
          onChange={setValue}
          multiline={3}
          maxLength={MAX_CONSENT_TEXT_LENGTH}
          helpText={COPY.editor.help}
          error={fieldError}
          autoComplete="off"
        />
        <SaveFeedback result={result} submitting={submitting} savedTitle={COPY.editor.saved[placement]} />
        <InlineStack>
          <Button submit loading={submitting}>
            {COPY.editor.save[placement]}
          </Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}

/** What a wording save came to: the judge's refusals, saved, or saved but not yet published to Shopify. */
function SaveFeedback({
  result,
  submitting,
  savedTitle,
}: {
  result: ReturnType<typeof useFormResult>;
  submitting: boolean;
  savedTitle: string;
}) {
  const problems = result?.problems ?? [];
  const settled = result !== undefined && !submitting;
  return (
    <>
      {problems.length > 0 && <RefusedBanner problems={problems} />}
      {settled && result.saved && !result.notPublished && <Banner tone="success" title={savedTitle} />}
      {settled && result.notPublished && <Banner tone="warning" title={result.notPublished} />}
    </>
  );
}

function RefusedBanner({ problems }: { problems: { code: string; message: string }[] }) {
  return (
    <Banner tone="critical" title={COPY.editor.refused}>
      <List>
        {problems.map((problem) => (
          <List.Item key={problem.code}>{problem.message}</List.Item>
        ))}
      </List>
    </Banner>
  );
}

const languageName = (code: string) => COPY.languageNames[code] ?? code;

function LanguagesCard({ languages, notices }: { languages: LanguageWording[]; notices: string[] }) {
  const result = useFormResult("language");
  const [language, setLanguage] = useState<string>("es");
  const [placement, setPlacement] = useState<string>("storefront");
  const [value, setValue] = useState("");
  const [clientError, setClientError] = useState<string | undefined>();
  const navigation = useNavigation();
  const submitting = navigation.formData?.get("locale") != null;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const parsed = ConsentTextForm.safeParse({ intent: "text", placement, locale: language, text: value });
    setClientError(parsed.success ? undefined : fieldErrors(parsed.error).text);
    if (!parsed.success) event.preventDefault();
  };
  const problems = result?.problems ?? [];
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {COPY.languages.title}
        </Text>
        <Text as="p">{COPY.languages.intro}</Text>
        {notices.length > 0 && (
          <Banner tone="warning">
            <List>
              {notices.map((notice) => (
                <List.Item key={notice}>{notice}</List.Item>
              ))}
            </List>
          </Banner>
        )}
        {languages.map((row) =>
          TEXT_PLACEMENTS.filter((where) => row[where] !== "").map((where) => (
            <BlockStack key={`${row.language}:${where}`} gap="100">
              <Text as="h3" variant="headingSm">
                {COPY.languages.current(languageName(row.language), COPY.languages.placements[where])}
              </Text>
              <Box padding="300" background="bg-surface-secondary" borderRadius="200">
                <Text as="p">{row[where]}</Text>
              </Box>
            </BlockStack>
          )),
        )}
        <Form method="post" onSubmit={onSubmit}>
          <BlockStack gap="200">
            <input type="hidden" name="intent" value="text" />
            <InlineStack gap="300">
              <Select
                label={COPY.languages.language}
                name="locale"
                options={TEXT_LANGUAGES.map((code) => ({ label: languageName(code), value: code }))}
                value={language}
                onChange={setLanguage}
              />
              <Select
                label={COPY.languages.placement}
                name="placement"
                options={TEXT_PLACEMENTS.map((where) => ({
                  label: COPY.languages.placements[where],
                  value: where,
                }))}
                value={placement}
                onChange={setPlacement}
              />
            </InlineStack>
            <TextField
              label={COPY.languages.text}
              name="text"
              value={value}
              onChange={setValue}
              multiline={3}
              maxLength={MAX_CONSENT_TEXT_LENGTH}
              helpText={COPY.editor.help}
              error={
                clientError ?? result?.errors?.text ?? (problems.length > 0 ? COPY.editor.refused : undefined)
              }
              autoComplete="off"
            />
            <SaveFeedback result={result} submitting={submitting} savedTitle={COPY.languages.saved} />
            <InlineStack>
              <Button submit loading={submitting}>
                {COPY.languages.save}
              </Button>
            </InlineStack>
          </BlockStack>
        </Form>
      </BlockStack>
    </Card>
  );
}

type TextRow = ReturnType<typeof useLoaderData<typeof loader>>["texts"][number];

function inUseLabel(slot: string): string {
  const { placement, locale } = parseWordingSlot(slot);
  const label = COPY.versions.inUse[placement as Placement] ?? placement;
  return locale ? `${label} (${languageName(locale)})` : label;
}

function placementLabel(sourceKind: string, location: string): string {
  const { placement, locale } = parseWordingSlot(sourceKind);
  const saved = location === "" ? COPY.savedLabels[placement] : undefined;
  if (saved) return locale ? `${saved} (${languageName(locale)})` : saved;
  return COPY.sourceLabels[sourceKind] ?? sourceKind;
}

function VersionCard({ text }: { text: TextRow }) {
  const rows = text.placements.map((placement) => ({
    key: `${placement.sourceKind}:${placement.location}`,
    source: placementLabel(placement.sourceKind, placement.location),
    location: placement.location || COPY.versions.noLocation,
    seen: COPY.versions.seen(formatUtc(placement.firstSeenAt), formatUtc(placement.lastSeenAt)),
  }));
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          {text.inUseAt.map((place) => (
            <Badge key={place} tone="info">
              {inUseLabel(place)}
            </Badge>
          ))}
          <Badge tone={text.acceptable ? "success" : "critical"}>
            {text.acceptable ? COPY.versions.acceptable : COPY.versions.notAcceptable}
          </Badge>
          <Text as="span" variant="bodyMd" fontWeight="semibold">
            {COPY.versions.contacts(text.contacts)}
          </Text>
        </InlineStack>
        <Box padding="300" background="bg-surface-secondary" borderRadius="200">
          <Text as="p">{text.text}</Text>
        </Box>
        <InlineStack gap="400">
          <Text as="span" tone="subdued">
            {COPY.versions.firstSeen}: {formatUtc(text.firstSeenAt)}
          </Text>
          <Text as="span" tone="subdued">
            {COPY.versions.lastSeen}: {formatUtc(text.lastSeenAt)}
          </Text>
          {text.language && (
            <Text as="span" tone="subdued">
              {COPY.versions.language}: {text.language}
            </Text>
          )}
        </InlineStack>
        <Text as="h3" variant="headingSm">
          {COPY.versions.findings}
        </Text>
        <List>
          {text.findings.map((finding) => (
            <List.Item key={finding.code}>
              <InlineStack gap="200" blockAlign="center" wrap={false}>
                <Badge
                  tone={
                    finding.severity === "ok"
                      ? "success"
                      : finding.severity === "warning"
                        ? "warning"
                        : "critical"
                  }
                >
                  {COPY.severity[finding.severity]}
                </Badge>
                <Text as="span">{finding.message}</Text>
              </InlineStack>
            </List.Item>
          ))}
        </List>
        {rows.length > 0 && (
          <>
            <Text as="h3" variant="headingSm">
              {COPY.versions.placements}
            </Text>
            {/* A list rather than a four-column table, which does not fit a phone. */}
            <List>
              {rows.map((row) => (
                <List.Item key={row.key}>
                  <Text as="span" fontWeight="semibold">
                    {row.source}
                  </Text>{" "}
                  <Text as="span" breakWord>
                    {row.location}
                  </Text>
                  <Text as="p" tone="subdued" variant="bodySm">
                    {row.seen}
                  </Text>
                </List.Item>
              ))}
            </List>
          </>
        )}
      </BlockStack>
    </Card>
  );
}
