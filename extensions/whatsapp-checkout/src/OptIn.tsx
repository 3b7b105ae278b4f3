import { useSignal } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import { BUILD_APP_URL } from "./config";
import { host } from "./host";
import {
  type ConsentState,
  confirmation,
  INITIAL_STATE,
  isSavedDecision,
  type SavedDecision,
} from "./logic/consent-state";
import { appWording } from "./logic/consent-text";
import { ConsentController } from "./logic/controller";
import { newEventId } from "./logic/ids";
import { consentMetafieldChange } from "./logic/metafield";
import { type CaptureTarget, optInEndpoint } from "./logic/payload";
import { pickCountry, pickKnownPhone } from "./logic/phone";
import { decideView } from "./logic/visibility";

const STORAGE_KEY = "whatsapp-consent-decision";

function fieldValue(event: Event): string {
  return (event.currentTarget as HTMLElementTagNameMap["s-phone-field"] | null)?.value ?? "";
}

function isChecked(event: Event): boolean {
  return (event.currentTarget as HTMLElementTagNameMap["s-checkbox"] | null)?.checked === true;
}

/** Sends decisions to the app; undefined when no app URL was set at build time. */
function createController(onState: (state: ConsentState) => void): ConsentController | undefined {
  const endpoint = optInEndpoint(BUILD_APP_URL);
  if (!endpoint) return undefined;
  const api = host();
  return new ConsentController({
    endpoint,
    transport: (url, request) => fetch(url, request),
    getToken: () => api.sessionToken.get(),
    newId: () => newEventId(),
    onState,
    onRecorded: async (decision: SavedDecision) => {
      await api.storage.write(STORAGE_KEY, decision).catch(() => undefined);
      if ("applyMetafieldChange" in api && api.instructions.value.metafields.canSetCartMetafields) {
        // Fails for accelerated checkouts (wallets); the checkout token in the proof still links the order.
        await api.applyMetafieldChange(consentMetafieldChange(decision.eventId));
      }
    },
  });
}

/** A decision recorded earlier in this checkout (the other target, or before a reload). */
function restoreSaved(controller: ConsentController | undefined): void {
  if (!controller) return;
  host()
    .storage.read(STORAGE_KEY)
    .then((saved) => {
      if (isSavedDecision(saved)) controller.restore(saved);
    })
    .catch(() => undefined);
}

/**
 * The WhatsApp opt-in: an unticked checkbox labelled with the consent text,
 * shown once there is a phone to attach it to. It never blocks checkout and
 * stays silent when the app cannot be reached.
 */
export function OptIn({ target }: { target: CaptureTarget }) {
  const api = host();
  const translate = api.i18n.translate;
  const state = useSignal(INITIAL_STATE);
  const entered = useSignal("");
  const committed = useSignal("");
  const controller = useMemo(
    () =>
      createController((next) => {
        state.value = next;
      }),
    [state],
  );
  useEffect(() => restoreSaved(controller), [controller]);

  // The wording saved in the app for the buyer's language (else the main one); without it there is nothing the app would accept.
  const wording = appWording(api.appMetafields.value, api.localization.language.value?.isoCode);
  const shipping = api.shippingAddress?.value;
  const billing = api.billingAddress?.value;
  const knownPhone = pickKnownPhone([api.buyerIdentity?.phone.value, shipping?.phone, billing?.phone]);
  const current = state.value;
  const view = decideView({
    canRecord: controller !== undefined && api.extension.capabilities.value.includes("network_access"),
    knownPhone,
    enteredPhone: entered.value,
    hasDecision: current.checked || current.latest !== undefined,
  });
  if (!controller || !wording || (!view.showPhoneField && !view.showCheckbox)) return null;
  const consentText = wording.text;

  const onToggle = (checked: boolean) => {
    controller.toggle(checked, {
      phone: view.phone,
      country: pickCountry([
        shipping?.countryCode,
        billing?.countryCode,
        api.localization.country.value?.isoCode,
      ]),
      consentText,
      target,
      checkoutToken: api.checkoutToken.value,
      orderId: "orderConfirmation" in api ? api.orderConfirmation.value?.order.id : undefined,
    });
  };
  const note = confirmation(current);

  return (
    <s-stack gap="small-200">
      {view.showPhoneField && (
        <s-phone-field
          label={translate("phoneLabel")}
          type="mobile"
          value={entered.value}
          error={view.phoneInvalid && committed.value !== "" ? translate("phoneInvalid") : undefined}
          onInput={(event: Event) => {
            entered.value = fieldValue(event);
          }}
          onChange={(event: Event) => {
            entered.value = fieldValue(event);
            committed.value = entered.value;
          }}
        />
      )}
      {view.showCheckbox && (
        <s-checkbox
          label={consentText}
          checked={current.checked}
          onChange={(event: Event) => onToggle(isChecked(event))}
        />
      )}
      {note && <s-text color="subdued">{translate(note === "opted_in" ? "optedIn" : "optedOut")}</s-text>}
    </s-stack>
  );
}
