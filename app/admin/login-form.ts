/**
 * The shop domain typed on the login page (app/routes/auth.login.tsx), for
 * installs that do not start from the Shopify admin. Accepts what merchants
 * paste: "my-store", "my-store.myshopify.com", or an admin or shop URL.
 */
import { z } from "zod";

export const LOGIN_COPY = {
  title: "Log in",
  intro: "Enter your store's Shopify domain to open WhatsApp Consent in your Shopify admin.",
  label: "Shop domain",
  help: "For example my-store.myshopify.com",
  submit: "Log in",
  invalid:
    "That is not a Shopify store domain. Enter the part before .myshopify.com, or the whole domain, for example my-store.myshopify.com.",
  missing: "Enter your store's domain, for example my-store.myshopify.com.",
} as const;

const STORE_NAME = /^[a-z0-9][a-z0-9-]{0,59}$/;

export const ShopDomain = z
  .string({ error: LOGIN_COPY.missing })
  .trim()
  .toLowerCase()
  .min(1, LOGIN_COPY.missing)
  .max(255, LOGIN_COPY.invalid)
  .transform((typed) => {
    const host = typed
      .replace(/^https?:\/\//, "")
      .replace(/^admin\.shopify\.com\/store\//, "")
      .replace(/\/.*$/, "");
    return host.includes(".") ? host : `${host}.myshopify.com`;
  })
  .refine((domain) => {
    const name = domain.endsWith(".myshopify.com") ? domain.slice(0, -".myshopify.com".length) : "";
    return STORE_NAME.test(name);
  }, LOGIN_COPY.invalid);

export const LoginForm = z.object({ shop: ShopDomain });
