/**
 * The picture for Polaris EmptyState, inline: Shopify's CDN illustrations
 * are unreachable offline (demo, CI) and a failed image is a console error.
 * Fixed 226 x 226 box, so the page does not move when it loads.
 */
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="226" height="226" viewBox="0 0 226 226"><circle cx="113" cy="113" r="90" fill="#f1f1f1"/><rect x="68" y="78" width="90" height="70" rx="8" fill="#e3e3e3"/><rect x="80" y="92" width="66" height="8" rx="4" fill="#cccccc"/><rect x="80" y="108" width="50" height="8" rx="4" fill="#cccccc"/><circle cx="150" cy="146" r="18" fill="#25d366"/></svg>`;

export const EMPTY_STATE_IMAGE = `data:image/svg+xml,${encodeURIComponent(SVG)}`;
