/**
 * A file download that looks like a Polaris button. Polaris' Button with a
 * `url` renders the app's Remix Link, which turns the click into a
 * client-side navigation instead of a download; a plain anchor with
 * `download` lets the browser fetch and save the file.
 */
import type { CSSProperties, ReactNode } from "react";

const BASE: CSSProperties = {
  display: "inline-flex",
  alignItems: "center",
  minHeight: "2rem",
  padding: "0.375rem 0.75rem",
  borderRadius: "var(--p-border-radius-200, 0.5rem)",
  fontSize: "0.8125rem",
  fontWeight: 550,
  lineHeight: "1.25rem",
  textDecoration: "none",
};

const PRIMARY: CSSProperties = {
  ...BASE,
  background: "var(--p-color-bg-fill-brand, #303030)",
  color: "var(--p-color-text-brand-on-bg-fill, #ffffff)",
};

const SECONDARY: CSSProperties = {
  ...BASE,
  background: "var(--p-color-bg-fill, #ffffff)",
  color: "var(--p-color-text, #303030)",
  boxShadow: "var(--p-shadow-button, 0 0 0 1px #cccccc)",
};

export function DownloadLink(props: { href: string; primary?: boolean; children: ReactNode }) {
  return (
    <a href={props.href} download style={props.primary ? PRIMARY : SECONDARY}>
      {props.children}
    </a>
  );
}
