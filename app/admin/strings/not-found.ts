/** Words of the app's own "page not found" (app/routes/app.$.tsx). */
export const NOT_FOUND_TEXT = {
  title: "Page not found",
  documentTitle: "Page not found · WhatsApp consent",
  heading: "This page does not exist",
  body: "The link may be old or mistyped. Every page of the app is in the menu above.",
  action: "Go to the overview",
} as const;
