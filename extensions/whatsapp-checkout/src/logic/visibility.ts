import { cleanPhone, isPlausiblePhone } from "./phone";

export interface ViewInput {
  /** The extension can record consent: app URL known and network access granted. */
  canRecord: boolean;
  /** The buyer's phone known to checkout (contact, shipping or billing; on thank-you: the order's). */
  knownPhone: string | undefined;
  /** What the buyer typed in our optional phone field ("" when untouched). */
  enteredPhone: string;
  /** The buyer already took a decision in this checkout (the checkbox must stay so it can be undone). */
  hasDecision: boolean;
}

export interface View {
  showPhoneField: boolean;
  showCheckbox: boolean;
  /** The phone a decision taken now would be about. */
  phone: string | undefined;
  /** The typed phone does not look like a phone number. */
  phoneInvalid: boolean;
}

const HIDDEN: View = { showPhoneField: false, showCheckbox: false, phone: undefined, phoneInvalid: false };

/**
 * What to render. The checkbox appears only with a phone to attach the
 * consent to: the one checkout knows, or else one the buyer types in the
 * optional field (wallet buyers, e.g. Shop Pay / Apple Pay, may leave none).
 * Once the buyer uses the field it stays, so the WhatsApp number is visible.
 */
export function decideView(input: ViewInput): View {
  if (!input.canRecord) return HIDDEN;
  const entered = cleanPhone(input.enteredPhone);
  const known = isPlausiblePhone(input.knownPhone) ? cleanPhone(input.knownPhone) : undefined;
  const usingField = known === undefined || entered !== "";
  if (!usingField) {
    return { showPhoneField: false, showCheckbox: true, phone: known, phoneInvalid: false };
  }
  const enteredOk = isPlausiblePhone(entered);
  return {
    showPhoneField: true,
    showCheckbox: enteredOk || input.hasDecision,
    phone: enteredOk ? entered : undefined,
    phoneInvalid: entered !== "" && !enteredOk,
  };
}
