import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppProvider, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import enTranslations from "@shopify/polaris/locales/en.json";
import { useState } from "react";
import { LOGIN_COPY, LoginForm } from "../admin/login-form";
import { login } from "../shopify.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];
export const meta: MetaFunction = () => [{ title: `${LOGIN_COPY.title} · WhatsApp Consent` }];

interface LoginAnswer {
  error?: string;
}

/** The library's own answer when it did not redirect: an empty object, or which field was wrong. */
function answer(result: Awaited<ReturnType<typeof login>>): Response | LoginAnswer {
  if (!result.shop) return {};
  return Response.json({ error: LOGIN_COPY.invalid } satisfies LoginAnswer, { status: 400 });
}

// Shopify's template shape: login() answers a plain GET with nothing to show and redirects a
// request that names a shop (to the admin's install page, with the embedded auth strategy).
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const shop = new URL(request.url).searchParams.get("shop");
  if (shop !== null && !LoginForm.safeParse({ shop }).success)
    return Response.json({ error: LOGIN_COPY.invalid } satisfies LoginAnswer, { status: 400 });
  return answer(await login(request));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  let fields: Record<string, unknown> = {};
  try {
    fields = Object.fromEntries(await request.formData());
  } catch {
    // Not a form post (another content type, a cut body): the same answer as an empty form.
  }
  const form = LoginForm.safeParse(fields);
  if (!form.success) {
    const error = form.error.issues[0]?.message ?? LOGIN_COPY.invalid;
    return Response.json({ error } satisfies LoginAnswer, { status: 400 });
  }
  // login() reads the form itself; hand it the validated domain.
  const validated = new Request(request.url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ shop: form.data.shop }),
  });
  return answer(await login(validated));
};

export default function Login() {
  const loaded = useLoaderData<LoginAnswer>();
  const acted = useActionData<LoginAnswer>();
  const [shop, setShop] = useState("");
  const error = acted?.error ?? loaded?.error;
  return (
    <AppProvider i18n={enTranslations}>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <FormLayout>
              <Text variant="headingMd" as="h1">
                {LOGIN_COPY.title}
              </Text>
              <Text as="p">{LOGIN_COPY.intro}</Text>
              <TextField
                type="text"
                name="shop"
                label={LOGIN_COPY.label}
                helpText={LOGIN_COPY.help}
                value={shop}
                onChange={setShop}
                autoComplete="on"
                error={error}
              />
              <Button submit>{LOGIN_COPY.submit}</Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </AppProvider>
  );
}
