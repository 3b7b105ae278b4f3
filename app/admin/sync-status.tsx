/**
 * The overview's customer sync: while one runs, what Shopify has fetched and
 * what has been imported, polled from /app/sync-progress (no reload, so it
 * works inside the admin's frame) until it ends; the page's counts are then
 * reloaded once. A failed sync says why and offers a retry.
 */
import { Form, useFetcher, useNavigation, useRevalidator } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { useEffect, useRef } from "react";
import type { loader as progressLoader } from "../routes/app.sync-progress";
import type { SyncProgress } from "../sync/sync-runs.server";
import { SYNC_FAILURE_TEXT, DASHBOARD_TEXT as T } from "./strings/dashboard";
import { labelOf, SYNC_STATUS_TEXT } from "./strings/vocabulary";

const POLL_MS = 1500;
export const SYNC_PROGRESS_PATH = "/app/sync-progress";

type Progress = Pick<SyncProgress, "status" | "fetched" | "imported" | "running" | "failure" | "startedAt">;

/** The newer of what the page loaded and what the last poll answered (a new sync replaces an old poll). */
function newest(loaded: Progress | null, polled: Progress | null | undefined): Progress | null {
  if (!polled) return loaded;
  if (!loaded) return polled;
  return polled.startedAt >= loaded.startedAt ? polled : loaded;
}

/** Polls while `progress` says a sync runs; when it ends, reloads the page's data once. */
export function useSyncProgress(loaded: Progress | null): Progress | null {
  const poll = useFetcher<typeof progressLoader>();
  const revalidator = useRevalidator();
  const progress = newest(loaded, poll.data?.progress);
  const running = progress?.running === true;
  const wasRunning = useRef(running);
  const { load } = poll;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => load(SYNC_PROGRESS_PATH), POLL_MS);
    return () => clearInterval(timer);
  }, [running, load]);
  useEffect(() => {
    if (wasRunning.current && !running) revalidator.revalidate();
    wasRunning.current = running;
  }, [running, revalidator]);
  return progress;
}

/** The button that starts a sync (and, on a failed one, retries it): one intent, guarded on the server. */
export function SyncButton({ label, disabled }: { label: string; disabled: boolean }) {
  const submitting = useNavigation().formData?.get("intent") === "sync";
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="sync" />
      <Button submit loading={submitting} disabled={disabled}>
        {label}
      </Button>
    </Form>
  );
}

/** The sync's progress, its failure and retry, or how the last one ended. */
export function SyncStatus({ progress, refusal }: { progress: Progress | null; refusal?: string }) {
  const status = progress ? SYNC_STATUS_TEXT[progress.status] : undefined;
  return (
    // Read out as it changes, politely, for screen readers.
    <div aria-live="polite">
      <BlockStack gap="300">
        {refusal && (
          <Banner tone="warning">
            <p>{refusal}</p>
          </Banner>
        )}
        {progress?.running && <Running progress={progress} />}
        {progress?.failure && (
          <Banner tone="critical" title={T.sync.failedTitle}>
            <BlockStack gap="200">
              <p>{SYNC_FAILURE_TEXT[progress.failure]}</p>
              <InlineStack>
                <SyncButton label={T.sync.retry} disabled={false} />
              </InlineStack>
            </BlockStack>
          </Banner>
        )}
        {progress && !progress.running && (
          <InlineStack gap="200">
            <Text as="span" tone="subdued">
              {T.lastSync.label}
            </Text>
            <Badge tone={progress.failure ? "critical" : (status?.tone ?? "info")}>
              {labelOf(SYNC_STATUS_TEXT, progress.status)}
            </Badge>
            {!progress.failure && (
              <Text as="span" tone="subdued">
                {T.lastSync.customers(progress.imported)}
              </Text>
            )}
          </InlineStack>
        )}
      </BlockStack>
    </div>
  );
}

function Running({ progress }: { progress: Progress }) {
  const importing = progress.status === "IMPORTING";
  const percent = progress.fetched > 0 ? Math.min(100, (progress.imported / progress.fetched) * 100) : 0;
  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="center">
        <Text as="h3" variant="headingSm">
          {T.sync.running}
        </Text>
        <Badge tone="info">{labelOf(SYNC_STATUS_TEXT, progress.status)}</Badge>
      </InlineStack>
      <Text as="p">
        {progress.fetched > 0 || importing ? T.sync.fetched(progress.fetched) : T.sync.waiting}
      </Text>
      {importing && (
        <>
          <Text as="p" id="sync-imported">
            {T.sync.imported(progress.imported, progress.fetched)}
          </Text>
          <ProgressBar progress={percent} size="small" ariaLabelledBy="sync-imported" />
        </>
      )}
    </BlockStack>
  );
}
