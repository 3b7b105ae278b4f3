import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { appEnv } from "../env.server";
import { requireAdmin } from "../shopify/admin-auth.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const admin = await requireAdmin(request);
  return { apiKey: appEnv().SHOPIFY_API_KEY, demo: admin.demo };
};

export default function App() {
  const { apiKey, demo } = useLoaderData<typeof loader>();
  // Outside the Shopify admin (demo mode) App Bridge has no host to talk to.
  return (
    <AppProvider isEmbeddedApp={!demo} apiKey={apiKey}>
      {!demo && (
        <NavMenu>
          <Link to="/app" rel="home">
            Overview
          </Link>
        </NavMenu>
      )}
      <Outlet />
    </AppProvider>
  );
}

export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
