/*
 * WhatsApp opt-in for the storefront (app block + app embed). No dependencies.
 * Posts JSON to the App Proxy: {endpoint}/optin and {endpoint}/optout.
 * One eventId per tick of the box (new when the phone or country changes),
 * reused when the same request is retried, so the app can deduplicate.
 * Theme check limits this file to 10,000 bytes: keep it small.
 */
(() => {
  if (window.waOptin) return;
  window.waOptin = 1;

  const SAFE_LINK = /^https:\/\/(wa\.me|api\.whatsapp\.com)\//;
  let seq = 0;

  const uuid = () => {
    const c = window.crypto;
    if (c.randomUUID) return c.randomUUID();
    const b = c.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    const h = [...b].map((x) => (x + 256).toString(16).slice(1)).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  const text = (el) => (el ? el.textContent.replace(/\s+/g, " ").trim() : "");
  const locale = () => document.documentElement.lang || (window.Shopify && window.Shopify.locale) || "";
  const pick = (root, name) => root.querySelector(`[data-wa="${name}"]`);

  /** A phone that looks dialable (6 to 15 digits, optional + or 00), or "". */
  const validPhone = (value) => {
    const v = value.trim();
    const digits = v.replace(/[\s().\-/]/g, "").replace(/^00/, "+");
    return /^\+?\d{6,15}$/.test(digits) ? v : "";
  };

  /** POST JSON to the App Proxy; resolves to {status, data}, status 0 on network failure. */
  const post = (cfg, path, body) =>
    fetch(cfg.endpoint + path, {
      method: "POST",
      credentials: "same-origin",
      keepalive: true,
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    }).then(
      (res) =>
        res.json().then(
          (data) => ({ status: res.status, data: data || {} }),
          () => ({ status: res.status, data: {} }),
        ),
      () => ({ status: 0, data: {} }),
    );

  /**
   * Wires one set of fields (inside `root`, settings in `cfg`, a data-* map).
   * Returns helpers the block form and the embed share.
   */
  const wire = (root, cfg) => {
    const box = pick(root, "box");
    const phone = pick(root, "phone") || cfg.phone;
    const country = pick(root, "country");
    const phoneError = pick(root, "phone-error");
    const status = pick(root, "status");
    const error = pick(root, "error");
    const state = { eventId: "" };

    const renew = () => {
      state.eventId = box.checked ? uuid() : "";
    };
    box.addEventListener("change", renew);
    for (const el of [phone, country]) {
      if (el) el.addEventListener("change", renew);
    }
    if (phone) {
      phone.addEventListener("input", () => {
        if (phone.getAttribute("aria-invalid") === "true") checkPhone();
      });
    }

    const say = (ok, message, link) => {
      if (status) {
        status.textContent = ok || !error ? message : "";
        status.setAttribute("data-state", ok ? "ok" : "error");
        if (ok && link && SAFE_LINK.test(link)) {
          const a = document.createElement("a");
          a.href = link;
          a.target = "_blank";
          a.rel = "noopener";
          a.className = "wa-optin__confirm";
          a.textContent = cfg.confirmLink;
          status.append(" ", a);
        }
      }
      if (error) error.textContent = ok ? "" : message;
    };

    const checkPhone = () => {
      const value = phone ? validPhone(phone.value) : "";
      if (phone) phone.setAttribute("aria-invalid", value ? "false" : "true");
      if (phoneError) phoneError.textContent = value ? "" : cfg.invalidPhone;
      return value;
    };

    const send = (path, extra) => {
      if (!state.eventId) state.eventId = uuid();
      const body = {
        eventId: state.eventId,
        phone: phone ? phone.value.trim() : "",
        country: country ? country.value : "",
        ...extra,
        source: cfg.source,
        blockId: cfg.blockId,
        pageUrl: location.href,
        locale: locale(),
      };
      return post(cfg, path, body).then(({ status: code, data }) => {
        if (code === 200 || code === 201) {
          say(true, cfg.success, data.confirmUrl);
          return true;
        }
        const specific = (code === 400 || code === 422) && typeof data.error === "string" && data.error;
        say(false, specific || cfg.error);
        return false;
      });
    };

    return { box, phone, checkPhone, say, send, consentText: () => text(pick(root, "label")) };
  };

  /** The app block: its own form, opt-in or opt-out. */
  const initBlock = (root) => {
    const cfg = { ...root.dataset };
    const form = root.querySelector("form");
    const button = pick(root, "submit");
    const f = wire(root, cfg);
    let busy = false;

    f.box.addEventListener("change", () => {
      if (f.box.checked && f.box.getAttribute("aria-invalid") === "true") {
        f.box.setAttribute("aria-invalid", "false");
        f.say(false, "");
      }
    });

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (busy) return;
      const phone = f.checkPhone();
      const ticked = f.box.checked;
      f.box.setAttribute("aria-invalid", ticked ? "false" : "true");
      f.say(false, ticked ? "" : cfg.required);
      if (!phone || !ticked) {
        (phone ? f.box : f.phone).focus();
        return;
      }
      busy = true;
      button.setAttribute("aria-disabled", "true");
      form.setAttribute("aria-busy", "true");
      const extra =
        cfg.mode === "optout" ? { confirm: true } : { consent: true, consentText: f.consentText() };
      f.send(`/${cfg.mode === "optout" ? "optout" : "optin"}`, extra).then(() => {
        busy = false;
        button.removeAttribute("aria-disabled");
        form.removeAttribute("aria-busy");
      });
    });
  };

  /** Suffixes ids (and the attributes pointing at them) so each copy is unique. */
  const uniqueIds = (root, n) => {
    for (const el of root.querySelectorAll("[id]")) el.id += `-${n}`;
    for (const el of root.querySelectorAll("[for]")) el.htmlFor += `-${n}`;
    for (const el of root.querySelectorAll("[aria-describedby]")) {
      el.setAttribute("aria-describedby", `${el.getAttribute("aria-describedby")}-${n}`);
    }
  };

  /** The app embed: adds the opt-in fields to one existing form, never blocking its submit. */
  const enhance = (form, tpl) => {
    if (form.hasAttribute("data-wa-enhanced") || form.closest("[data-wa-optin]")) return;
    form.setAttribute("data-wa-enhanced", "");
    const cfg = { ...tpl.dataset };
    const root = tpl.content.firstElementChild.cloneNode(true);
    uniqueIds(root, ++seq);
    const own = form.querySelector('input[type="tel"], input[name*="phone" i]');
    if (own) {
      pick(root, "phone-field").remove();
      cfg.phone = own;
    }
    form.append(root);
    const f = wire(root, cfg);
    const details = pick(root, "details");
    f.box.addEventListener("change", () => {
      details.hidden = !f.box.checked;
    });
    form.addEventListener("submit", () => {
      // No preventDefault: the form goes on exactly as it would without us.
      if (!f.box.checked || !f.checkPhone()) return;
      f.send("/optin", { consent: true, consentText: f.consentText() });
    });
  };

  const scan = () => {
    for (const root of document.querySelectorAll("[data-wa-optin]:not([data-wa-ready])")) {
      root.setAttribute("data-wa-ready", "");
      initBlock(root);
    }
    for (const tpl of document.querySelectorAll("template[data-wa-embed]")) {
      let forms = [];
      try {
        forms = document.querySelectorAll(tpl.dataset.selector);
      } catch (_) {
        // An invalid selector in the settings: leave the page alone.
      }
      for (const form of forms) if (form.tagName === "FORM") enhance(form, tpl);
    }
  };

  const start = () => {
    scan();
    let pending = 0;
    new MutationObserver(() => {
      if (!pending) pending = setTimeout(() => ((pending = 0), scan()), 200);
    }).observe(document.body, { childList: true, subtree: true });
    document.addEventListener("shopify:section:load", scan);
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
