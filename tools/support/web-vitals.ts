/**
 * Web Vitals read in the browser the way Chrome reports them: Cumulative
 * Layout Shift (shifts not caused by input, summed) and Largest Contentful
 * Paint, from buffered PerformanceObserver entries, so nothing that
 * happened before the observer was attached is missed.
 */
import type { Page } from "playwright-core";

export interface WebVitals {
  /** Milliseconds since navigation start; null when the browser recorded none. */
  lcp: number | null;
  cls: number;
}

/** Reads LCP and CLS after letting the page settle for `settleMs`. */
export async function readWebVitals(page: Page, settleMs = 500): Promise<WebVitals> {
  return page.evaluate(
    (wait) =>
      new Promise<{ lcp: number | null; cls: number }>((resolve) => {
        let lcp: number | null = null;
        let cls = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) lcp = entry.startTime;
        }).observe({ type: "largest-contentful-paint", buffered: true });
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & {
            value: number;
            hadRecentInput: boolean;
          })[]) {
            if (!entry.hadRecentInput) cls += entry.value;
          }
        }).observe({ type: "layout-shift", buffered: true });
        setTimeout(() => resolve({ lcp, cls }), wait);
      }),
    settleMs,
  );
}
