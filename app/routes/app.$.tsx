import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Card, EmptyState, Page } from "@shopify/polaris";
import { NOT_FOUND_TEXT as T } from "../admin/strings/not-found";
import { notFound } from "../http/answers";
import { requireAdmin } from "../shopify/admin-auth.server";

export const meta: MetaFunction = () => [{ title: T.documentTitle }];

/** Any /app/... path no page answers: a 404 inside the app, with its navigation, not a bare error. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  await requireAdmin(request);
  return notFound();
};

export default function NotFound() {
  return (
    <Page title={T.title}>
      <Card>
        <EmptyState heading={T.heading} action={{ content: T.action, url: "/app" }} image="">
          <p>{T.body}</p>
        </EmptyState>
      </Card>
    </Page>
  );
}
