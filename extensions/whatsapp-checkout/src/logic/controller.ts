/**
 * Ties the state machine to delivery: each decision is sent once, in order,
 * retried with the same event id, and never blocks the buyer. Framework-free:
 * the transport, token source, id source and clock are injected.
 */
import {
  applySettled,
  applyToggle,
  type ConsentState,
  INITIAL_STATE,
  restoreState,
  type SavedDecision,
} from "./consent-state";
import {
  buildPayload,
  buildRequest,
  type CaptureTarget,
  type OptInPayload,
  type RequestSpec,
} from "./payload";
import { classifyStatus, DEFAULT_RETRY, type RetryPolicy, runWithRetry, type Sleep } from "./retry";

export type Transport = (url: string, request: RequestSpec) => Promise<{ status: number }>;

export interface ControllerOptions {
  endpoint: string;
  transport: Transport;
  /** Called before every try: session tokens live five minutes. */
  getToken: () => Promise<string>;
  newId: () => string;
  policy?: RetryPolicy;
  sleep?: Sleep;
  /** After the app confirmed a decision (write the cart metafield, remember it for the other target). */
  onRecorded?: (decision: SavedDecision) => void | Promise<void>;
  onState?: (state: ConsentState) => void;
}

/** What the page knows when the buyer decides. */
export interface DecisionContext {
  phone: string | undefined;
  country?: string | undefined;
  consentText: string;
  target: CaptureTarget;
  checkoutToken?: string | undefined;
  orderId?: string | undefined;
}

export class ConsentController {
  state: ConsentState = INITIAL_STATE;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: ControllerOptions) {}

  /** The buyer ticked or un-ticked. Returns the payload queued for sending, if any. */
  toggle(checked: boolean, context: DecisionContext): OptInPayload | undefined {
    const { state, send } = applyToggle(this.state, checked, context.phone, this.options.newId);
    this.setState(state);
    if (!send) return undefined;
    const payload = buildPayload({ ...context, ...send });
    this.queue = this.queue.then(() => this.deliver(payload));
    return payload;
  }

  /** Start from a decision the app already has. Ignored once the buyer has decided here. */
  restore(saved: SavedDecision): void {
    if (this.state !== INITIAL_STATE) return;
    this.setState(restoreState(saved));
  }

  /** Resolves when every queued decision has been delivered or given up. */
  idle(): Promise<void> {
    return this.queue;
  }

  private async deliver(payload: OptInPayload): Promise<void> {
    const { endpoint, transport, getToken } = this.options;
    const outcome = await runWithRetry(
      async () => {
        const token = await getToken();
        const response = await transport(endpoint, buildRequest(token, payload));
        return { verdict: classifyStatus(response.status) };
      },
      this.options.policy ?? DEFAULT_RETRY,
      this.options.sleep,
    );
    const status =
      outcome.result === "success" ? "recorded" : outcome.result === "permanent" ? "rejected" : "unreachable";
    this.setState(applySettled(this.state, payload.eventId, status));
    if (status === "recorded" && this.options.onRecorded) {
      try {
        await this.options.onRecorded({
          eventId: payload.eventId,
          consent: payload.consent,
          phone: payload.phone,
        });
      } catch {
        // Bookkeeping only; the app already has the proof.
      }
    }
  }

  private setState(state: ConsentState): void {
    if (state === this.state) return;
    this.state = state;
    this.options.onState?.(state);
  }
}
