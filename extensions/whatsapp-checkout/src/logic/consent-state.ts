/**
 * The buyer's decisions in one checkout, as a pure state machine.
 *
 * - Ticking (with a phone) is a new decision: an opt-in with a fresh event id.
 * - Un-ticking after an opt-in that may exist on the app's side (sent or
 *   recorded, and not rejected) is a new decision: an opt-out with a fresh id.
 * - Un-ticking when nothing was sent, or the app rejected the opt-in, sends
 *   nothing: there is no consent to withdraw.
 */

export type DecisionStatus = "sending" | "recorded" | "rejected" | "unreachable";

export interface Decision {
  eventId: string;
  consent: boolean;
  phone: string;
  status: DecisionStatus;
}

export interface ConsentState {
  checked: boolean;
  /** The opt-in that an un-tick would withdraw. */
  outstandingOptIn?: { eventId: string; phone: string };
  /** The latest decision sent, and how its delivery went. */
  latest?: Decision;
}

export const INITIAL_STATE: ConsentState = { checked: false };

export interface ToggleResult {
  state: ConsentState;
  /** The decision to send, if this change is one. */
  send?: { eventId: string; consent: boolean; phone: string };
}

export function applyToggle(
  state: ConsentState,
  checked: boolean,
  phone: string | undefined,
  newId: () => string,
): ToggleResult {
  if (checked === state.checked) return { state };
  if (checked) {
    // No phone to attach the consent to: refuse the tick rather than show a box that records nothing.
    if (!phone) return { state };
    const send = { eventId: newId(), consent: true, phone };
    return {
      state: {
        checked: true,
        outstandingOptIn: { eventId: send.eventId, phone },
        latest: { ...send, status: "sending" },
      },
      send,
    };
  }
  const optIn = state.outstandingOptIn;
  if (!optIn) return { state: { ...state, checked: false } };
  const send = { eventId: newId(), consent: false, phone: optIn.phone };
  return { state: { checked: false, latest: { ...send, status: "sending" } }, send };
}

export function applySettled(
  state: ConsentState,
  eventId: string,
  status: Exclude<DecisionStatus, "sending">,
): ConsentState {
  let next = state;
  if (state.latest?.eventId === eventId) next = { ...next, latest: { ...state.latest, status } };
  // A rejected opt-in was never recorded: nothing to withdraw any more.
  if (status === "rejected" && state.outstandingOptIn?.eventId === eventId) {
    next = { ...next, outstandingOptIn: undefined };
  }
  return next;
}

/** A decision recorded earlier in this checkout (e.g. on the other target, or before a reload). */
export interface SavedDecision {
  eventId: string;
  consent: boolean;
  phone: string;
}

export function restoreState(saved: SavedDecision): ConsentState {
  return {
    checked: saved.consent,
    outstandingOptIn: saved.consent ? { eventId: saved.eventId, phone: saved.phone } : undefined,
    latest: { ...saved, status: "recorded" },
  };
}

export function isSavedDecision(value: unknown): value is SavedDecision {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.eventId === "string" &&
    record.eventId !== "" &&
    typeof record.consent === "boolean" &&
    typeof record.phone === "string"
  );
}

/** The quiet line under the checkbox: only once the app has the decision. */
export function confirmation(state: ConsentState): "opted_in" | "opted_out" | undefined {
  if (state.latest?.status !== "recorded") return undefined;
  return state.latest.consent ? "opted_in" : "opted_out";
}
