/**
 * The admin's pages, in menu order. One list feeds App Bridge's NavMenu (in
 * the Shopify admin) and the plain tab bar shown in demo mode, where there is
 * no admin around the app to draw a menu.
 */
export interface AdminPage {
  path: string;
  label: string;
}

export const ADMIN_PAGES: readonly AdminPage[] = [
  { path: "/app", label: "Overview" },
  { path: "/app/contacts", label: "Contacts" },
  { path: "/app/consent-texts", label: "Consent texts" },
  { path: "/app/capture", label: "Capture setup" },
  { path: "/app/export", label: "Export" },
  { path: "/app/list-check", label: "List check" },
];

/**
 * The menu entry a path belongs to: the longest page path that prefixes it.
 * The overview (/app) prefixes every path, so it counts only for itself: an
 * unknown /app/... page belongs to no entry.
 */
export function currentPage(pathname: string): AdminPage | undefined {
  const path = pathname.replace(/\/+$/, "") || "/";
  return [...ADMIN_PAGES]
    .filter((page) => path === page.path || (page.path !== "/app" && path.startsWith(`${page.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
}
