import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useLocation, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { ADMIN_PAGES, currentPage } from "../admin/navigation";
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
      {demo ? (
        <DemoNavigation />
      ) : (
        <NavMenu>
          {ADMIN_PAGES.map((page, index) => (
            <Link key={page.path} to={page.path} rel={index === 0 ? "home" : undefined}>
              {page.label}
            </Link>
          ))}
        </NavMenu>
      )}
      <Outlet />
    </AppProvider>
  );
}

const DEMO_NAV_STYLE = {
  display: "flex",
  flexWrap: "wrap",
  gap: "1.25rem",
  padding: "0.75rem 1.5rem",
  background: "#ffffff",
  borderBottom: "1px solid #e3e3e3",
} as const;

/** Stands in for the admin's app menu when the app runs outside Shopify (demo mode). */
function DemoNavigation() {
  const active = currentPage(useLocation().pathname);
  return (
    <nav aria-label="App pages" style={DEMO_NAV_STYLE}>
      {ADMIN_PAGES.map((page) => (
        <Link
          key={page.path}
          to={page.path}
          aria-current={page === active ? "page" : undefined}
          style={{ color: "#202223", fontWeight: page === active ? 650 : 450, textDecoration: "none" }}
        >
          {page.label}
        </Link>
      ))}
    </nav>
  );
}

export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
