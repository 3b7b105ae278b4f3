/**
 * Wordings from a red team that looked like a yes to the judge but are not
 * one a strict WhatsApp platform accepts: each slips one disqualifier into an
 * otherwise good statement, in each of the six languages. Good wordings that
 * share their words stay accepted beside them.
 */
import { describe, expect, it } from "vitest";
import { analyzeConsentText } from "../consent-text";

const BRAND = "Acme";
const reasonsOf = (text: string) => analyzeConsentText(text, BRAND).reasons;

describe("asking to stop, to get fewer messages, or taking the yes back", () => {
  it.each([
    "I want to quit receiving offers from Acme on WhatsApp.",
    "Yes, pause Acme offers on WhatsApp.",
    "Yes, cancel my Acme offers on WhatsApp.",
    "Yes, end my subscription to Acme offers on WhatsApp.",
    "I want to leave Acme's WhatsApp offers list.",
    "I want out of Acme's WhatsApp offers.",
    "Yes, I unconsent to offers from Acme on WhatsApp.",
    "Yes, I want fewer offers from Acme on WhatsApp.",
    "I want zero offers from Acme on WhatsApp.",
    "Hardly ever send me offers from Acme on WhatsApp.",
    "I want offers from Acme on WhatsApp anymore.",
    "Yes, send me offers from Acme on WhatsApp. Just kidding.",
    "Yes, send me offers from Acme on WhatsApp. I changed my mind.",
    "Send me offers from Acme on WhatsApp: hard pass.",
    "Sí, cancela mis ofertas de Acme por WhatsApp.",
    "Quiero recibir menos ofertas de Acme por WhatsApp.",
    "Quiero salir de las ofertas de Acme por WhatsApp.",
    "Quiero recibir ofertas de Acme por WhatsApp. Es broma.",
    "Quero receber menos ofertas da Acme pelo WhatsApp.",
    "Quero cancelar as ofertas da Acme pelo WhatsApp.",
    "Ich möchte Angebote von Acme per WhatsApp kündigen.",
    "Ich möchte weniger Angebote von Acme per WhatsApp erhalten.",
    "Ich möchte Angebote von Acme per WhatsApp erhalten. War nur Spaß.",
    "Je veux arrêter de recevoir les offres d'Acme sur WhatsApp.",
    "Je veux recevoir moins d'offres d'Acme sur WhatsApp.",
    "Je veux annuler les offres d'Acme sur WhatsApp.",
    "Voglio ricevere meno offerte da Acme su WhatsApp.",
    "Voglio annullare le offerte da Acme su WhatsApp.",
  ])("is no consent: %s", (text) => {
    expect(reasonsOf(text)).toContain("TEXT_NOT_CONSENT");
  });

  it.each([
    "Yes, send me offers from Acme on WhatsApp. Cancel anytime.",
    "Yes, send me offers from Acme on WhatsApp. You can cancel at any time.",
    "Sí, quiero recibir ofertas de Acme por WhatsApp. Puedes cancelar cuando quieras.",
    "Sim, quero receber ofertas da Acme pelo WhatsApp. Você pode cancelar a qualquer momento.",
    "Ja, ich möchte Angebote von Acme per WhatsApp erhalten. Du kannst jederzeit kündigen.",
    "Oui, je veux recevoir les offres d'Acme sur WhatsApp au moins une fois par mois.",
    "Sì, voglio ricevere offerte da Acme su WhatsApp. Puoi annullare quando vuoi.",
  ])("still accepts a yes that says how to stop: %s", (text) => {
    expect(reasonsOf(text)).toEqual([]);
  });
});

describe("a yes only for a while, from later on, under a condition, hedged or for someone else", () => {
  it.each([
    "Yes, send me offers from Acme on WhatsApp for the next 30 days.",
    "Yes, send me offers from Acme on WhatsApp until Christmas.",
    "Yes, send me offers from Acme on WhatsApp through December.",
    "Yes, send me offers from Acme on WhatsApp starting next year.",
    "Yes, send me offers from Acme on WhatsApp, weekends only.",
    "Yes, send me offers from Acme on WhatsApp once.",
    "Yes, send me offers from Acme on WhatsApp at some point.",
    "Yes, send me offers from Acme on WhatsApp in case I buy.",
    "Yes, send me offers from Acme on WhatsApp upon request.",
    "Yes, send me offers from Acme on WhatsApp except in December.",
    "I want Acme offers everywhere except WhatsApp.",
    "I think I want offers from Acme on WhatsApp.",
    "I would agree to receive offers from Acme on WhatsApp.",
    "Yes, send her offers from Acme on WhatsApp.",
    "Yes, send this number offers from Acme on WhatsApp.",
    "Yes, send offers from Acme on WhatsApp to my other number.",
    "Yes, send me offers from Acme on WhatsApp, my mum says yes.",
    "Yes, Acme will send you offers on WhatsApp.",
    "Quiero recibir ofertas de Acme por WhatsApp durante 30 días.",
    "Quiero recibir ofertas de Acme por WhatsApp a partir de enero.",
    "Quiero recibir ofertas de Acme por WhatsApp excepto en agosto.",
    "Quiero que mi hermano reciba ofertas de Acme por WhatsApp.",
    "Quero receber ofertas da Acme pelo WhatsApp no ano que vem.",
    "Quero receber ofertas da Acme pelo WhatsApp por 30 dias.",
    "Meu irmão quer receber ofertas da Acme pelo WhatsApp.",
    "Ich möchte Angebote von Acme per WhatsApp für 30 Tage erhalten.",
    "Ich möchte Angebote von Acme per WhatsApp außer im Dezember erhalten.",
    "Ich möchte Angebote von Acme per WhatsApp erhalten, glaube ich.",
    "Mein Bruder möchte Angebote von Acme per WhatsApp erhalten.",
    "Je veux recevoir les offres d'Acme sur WhatsApp pendant 30 jours.",
    "Je veux recevoir les offres d'Acme sur WhatsApp sauf en décembre.",
    "Mon frère veut recevoir les offres d'Acme sur WhatsApp.",
    "Voglio ricevere offerte da Acme su WhatsApp l'anno prossimo.",
    "Voglio ricevere offerte da Acme su WhatsApp tranne a dicembre.",
    "Mio fratello vuole ricevere offerte da Acme su WhatsApp.",
  ])("is no consent: %s", (text) => {
    expect(reasonsOf(text)).toContain("TEXT_NOT_CONSENT");
  });

  it.each([
    "Yes, send me offers from Acme on WhatsApp, at most once a week.",
    "Yes, I want to get new arrivals and offers from Acme on WhatsApp, up to 4 messages a month.",
    "Yes, send me offers from Acme on WhatsApp and be the first to know about new arrivals.",
  ])("still accepts a yes that says how often: %s", (text) => {
    expect(reasonsOf(text)).toEqual([]);
  });
});

describe("an opt-in tied to another agreement, an account, a draw, an age or a required box", () => {
  it.each([
    "Yes, send me offers from Acme on WhatsApp and I agree to the legal notice.",
    "Yes, send me offers from Acme on WhatsApp and I consent to the processing of my personal data.",
    "Yes, send me offers from Acme on WhatsApp and I agree to the cookie policy.",
    "Yes, send me offers from Acme on WhatsApp. I agree to Acme's policies.",
    "Yes, send me offers from Acme on WhatsApp and I agree to pay.",
    "I agree to everything above, including offers from Acme on WhatsApp.",
    "Accept all. Send me offers from Acme on WhatsApp.",
    "Yes, send me offers from Acme on WhatsApp (required).",
    "Yes, send me offers from Acme on WhatsApp. You must tick this box to continue.",
    "Yes, send me offers from Acme on WhatsApp and sign me up for an account.",
    "Yes, send me offers from Acme on WhatsApp and create my profile.",
    "Yes, send me offers from Acme on WhatsApp and enter me into the giveaway.",
    "Yes, send me offers from Acme on WhatsApp and I confirm I am 18+.",
    "Quiero recibir ofertas de Acme por WhatsApp y acepto el tratamiento de mis datos.",
    "Quiero recibir ofertas de Acme por WhatsApp (obligatorio).",
    "Quiero recibir ofertas de Acme por WhatsApp y crear mi cuenta.",
    "Quiero recibir ofertas de Acme por WhatsApp y soy mayor de 18 años.",
    "Quero receber ofertas da Acme pelo WhatsApp (obrigatório).",
    "Quero receber ofertas da Acme pelo WhatsApp e criar minha conta.",
    "Ich möchte Angebote von Acme per WhatsApp erhalten (Pflichtfeld).",
    "Ich möchte Angebote von Acme per WhatsApp erhalten und ein Kundenkonto erstellen.",
    "Ich möchte Angebote von Acme per WhatsApp erhalten und bin über 18.",
    "Je veux recevoir les offres d'Acme sur WhatsApp (obligatoire).",
    "Je veux recevoir les offres d'Acme sur WhatsApp et créer mon compte.",
    "Voglio ricevere offerte da Acme su WhatsApp e accetto il trattamento dei dati.",
    "Voglio ricevere offerte da Acme su WhatsApp e sono maggiorenne.",
  ])("is bundled: %s", (text) => {
    expect(reasonsOf(text)).toContain("TEXT_BUNDLED");
  });

  it.each([
    "I agree to the sending of offers from Acme on WhatsApp.",
    "Acconsento al ricevimento di comunicazioni promozionali di Acme su WhatsApp.",
    "Acconsento a ricevere offerte da Acme tramite WhatsApp.",
    "I consent to receiving offers from Acme on WhatsApp.",
  ])("still accepts an agreement whose object is the messages: %s", (text) => {
    expect(reasonsOf(text)).toEqual([]);
  });
});

describe("another channel joined to WhatsApp", () => {
  it.each([
    "Yes, send me offers from Acme on WhatsApp/Signal.",
    "Yes, send me offers from Acme on WhatsApp, Signal.",
    "Yes, send me offers from Acme on WhatsApp and Discord.",
    "Yes, send me offers from Acme on WhatsApp and Google Messages.",
    "Yes, send me offers from Acme on WhatsApp and my landline.",
    "Yes, send me offers from Acme on WhatsApp and social media.",
    "Yes, send me offers from Acme on WhatsApp and other channels.",
    "Yes, send me offers from Acme on WhatsApp and elsewhere.",
    "Yes, send me offers from Acme on WhatsApp + text.",
    "Yes, send me offers from Acme on WhatsApp and txts.",
    "Yes, send me offers from Acme on WhatsApp and S.M.S.",
    "Yes, send me offers from Acme on WhatsApp and e-newsletters.",
    "Yes, send me offers from Acme on WhatsApp and browser notifications.",
    "Yes, send me offers from Acme on Viber, WhatsApp.",
    "Quiero recibir ofertas de Acme por WhatsApp y redes sociales.",
    "Quiero recibir ofertas de Acme por Telegram o WhatsApp.",
    "Quero receber ofertas da Acme pelo WhatsApp e Discord.",
    "Ich möchte Angebote von Acme per WhatsApp und soziale Medien erhalten.",
    "Je veux recevoir les offres d'Acme sur Discord et WhatsApp.",
    "Voglio ricevere offerte da Acme su WhatsApp e social network.",
  ])("mixes channels: %s", (text) => {
    expect(reasonsOf(text)).toContain("TEXT_MIXED_CHANNELS");
  });

  it.each([
    "Yes, send me offers from Acme on WhatsApp, with early access to sales.",
    "Yes, send me offers from Acme on WhatsApp and get 10% off.",
    "Yes, send me offers and new arrivals from Acme on WhatsApp & be the first to know.",
    "Sí, quiero recibir ofertas de Acme por WhatsApp y enterarme de las novedades.",
    "Sim, quero receber ofertas da Acme pelo WhatsApp e ficar por dentro das novidades.",
    "Oui, je veux recevoir les offres d'Acme sur WhatsApp et découvrir les nouveautés.",
    "Sì, voglio ricevere offerte da Acme su WhatsApp e scoprire le novità.",
    "Accetto di ricevere da Acme messaggi di marketing su WhatsApp, tra cui offerte e nuovi prodotti.",
  ])("still accepts WhatsApp followed by what the shopper gets or does: %s", (text) => {
    expect(reasonsOf(text)).toEqual([]);
  });
});

describe("another sender beside the brand", () => {
  it.each([
    "Yes, send me offers from Acme or Beta on WhatsApp.",
    "Yes, send me offers from Acme/Beta on WhatsApp.",
    "Yes, send me offers from Acme via Beta on WhatsApp.",
    "Yes, send me offers from Acme, sent by Beta, on WhatsApp.",
    "Yes, send me offers from Acme-Beta on WhatsApp.",
    "Yes, send me offers from Acme's vendors on WhatsApp.",
    "Yes, send me offers from Acme's competitors on WhatsApp.",
    "Yes, send me offers from Acme's group on WhatsApp.",
    "Yes, add me to the Acme WhatsApp group for offers.",
    "Yes, add me to the Acme WhatsApp community for offers.",
    "Quiero recibir ofertas de Acme o Beta por WhatsApp.",
    "Quiero recibir ofertas de Acme por WhatsApp vía Beta.",
    "Quero receber ofertas da Acme ou Beta pelo WhatsApp.",
    "Ich möchte Angebote von Acme oder Beta per WhatsApp erhalten.",
    "Je veux recevoir les offres d'Acme ou de Beta sur WhatsApp.",
    "Voglio ricevere offerte da Acme o Beta su WhatsApp.",
    "Sì, aggiungimi al gruppo WhatsApp di Acme per le offerte.",
  ])("names another sender: %s", (text) => {
    expect(reasonsOf(text)).toContain("TEXT_OTHER_SENDER");
  });

  it.each([
    "Yes, send me offers from Acme via WhatsApp.",
    "Ich möchte per WhatsApp über neue Produkte und Aktionen von Acme informiert werden.",
    "Yes, send me Acme-exclusive offers on WhatsApp.",
  ])("still accepts the brand alone: %s", (text) => {
    expect(reasonsOf(text)).toEqual([]);
  });
});

describe("service messages beside the offers", () => {
  it.each([
    "Yes, send me Acme offers and notify me when my items ship on WhatsApp.",
    "Yes, send me Acme offers and courier ETAs on WhatsApp.",
    "Yes, send me Acme offers and pickup reminders on WhatsApp.",
    "Yes, send me Acme offers and renewal notices on WhatsApp.",
    "Yes, send me Acme offers and login codes on WhatsApp.",
    "Yes, send me Acme offers and OTPs on WhatsApp.",
    "Yes, send me Acme offers and security alerts on WhatsApp.",
    "Yes, send me Acme offers and my loyalty balance on WhatsApp.",
    "Yes, send me Acme offers and product recalls on WhatsApp.",
    "Yes, send me Acme offers and answers to my inquiries on WhatsApp.",
    "Yes, send me Acme offers and review requests on WhatsApp.",
    "Yes, send me Acme offers and surveys on WhatsApp.",
    "Yes, send me Acme offers and billing notices on WhatsApp.",
    "Yes, send me Acme offers and updates about what I bought on WhatsApp.",
    "Yes, send me Acme offers and fulfilment updates on WhatsApp.",
    "Yes, send me Acme offers and payment links on WhatsApp.",
    "Yes, send me Acme offers and status updates on WhatsApp.",
    "Quiero recibir ofertas de Acme y recordatorios de recogida por WhatsApp.",
    "Quiero recibir ofertas de Acme y encuestas por WhatsApp.",
    "Quero receber ofertas da Acme e orçamentos pelo WhatsApp.",
    "Ich möchte Angebote und Versandinfos von Acme per WhatsApp erhalten.",
    "Je veux recevoir les offres d'Acme et des devis sur WhatsApp.",
    "Voglio ricevere offerte e sondaggi da Acme su WhatsApp.",
  ])("is about service, not marketing: %s", (text) => {
    expect(reasonsOf(text)).toContain("TEXT_TRANSACTIONAL");
  });

  it.each([
    "Yes, send me Acme offers and abandoned cart reminders on WhatsApp.",
    "Yes, send me Acme offers and back in stock alerts on WhatsApp.",
  ])("still accepts marketing reminders: %s", (text) => {
    expect(reasonsOf(text)).toEqual([]);
  });
});

describe("what a screen shows, not the characters stored", () => {
  it.each([
    "Yes, send me offers from Acme on WhatsApp. N O T.",
    "Yes, send me offers from Acme on WhatsApp. N.O.T.",
    "Yes, send me offers from Acme on WhatsApp ❌",
    "🚫 Send me offers from Acme on WhatsApp",
    "Yes, send me offers from Acme on WhatsApp 👎",
    "Yes, send me offers from Acme on WhatsApp ✗",
  ])("a refusal spelled out or drawn is no consent: %s", (text) => {
    expect(reasonsOf(text)).toContain("TEXT_NOT_CONSENT");
  });

  it.each([
    "[x] Yes, send me offers from Acme on WhatsApp",
    "☑ Yes, send me offers from Acme on WhatsApp",
    "Yes, send me offers from Acme on WhatsApp (checked)",
    "Yes, send me offers from Acme on WhatsApp (default: on)",
    "Yes, send me offers from Acme on WhatsApp (already opted in)",
    "Yes, send me offers from Acme on WhatsApp (auto opt-in)",
  ])("a box shown ticked or on by default is implied consent: %s", (text) => {
    expect(reasonsOf(text)).toContain("TEXT_IMPLIED_CONSENT");
  });

  it.each([
    "Yes, send me offers from Acme on WhatsApp and S M S.",
    "Yes, send me offers from Acme on WhatsApp and S.M.S.",
  ])("a channel spelled out letter by letter is still that channel: %s", (text) => {
    expect(reasonsOf(text)).toContain("TEXT_MIXED_CHANNELS");
  });

  it.each(["[ ] Yes, send me offers from Acme on WhatsApp", "✅ Yes, send me offers from Acme on WhatsApp"])(
    "an empty box or a decorative tick stays a yes: %s",
    (text) => {
      expect(reasonsOf(text)).toEqual([]);
    },
  );

  it("a refusal written backwards after a right-to-left override is read as shown", () => {
    expect(reasonsOf("Yes, send me offers from Acme on WhatsApp \u202eton od I\u202c.")).toContain(
      "TEXT_NOT_CONSENT",
    );
  });
});

describe("a box the markup ticks or requires", () => {
  const label = "Yes, send me offers from Acme on WhatsApp";
  it.each([
    `${label} <div role="checkbox" aria-checked="true"></div>`,
    `<label><input type="checkbox" :checked="true"> ${label}</label>`,
    `<label><input type="checkbox" [checked]="true"> ${label}</label>`,
    `<label><input type="checkbox" defaultChecked> ${label}</label>`,
    `<label><input type="checkbox" onload="this.checked=1"> ${label}</label>`,
    `<label><input type="checkbox" x-init="$el.checked=true"> ${label}</label>`,
    `<script>document.querySelector('input').checked=true</script><label><input type="checkbox"> ${label}</label>`,
  ])("ticked by a widget, a binding or a script is implied consent: %s", (text) => {
    expect(reasonsOf(text)).toContain("TEXT_IMPLIED_CONSENT");
  });

  it("a box the form requires ticked makes the opt-in a condition: bundled", () => {
    expect(reasonsOf(`<label><input type="checkbox" required> ${label}</label>`)).toContain("TEXT_BUNDLED");
    expect(reasonsOf(`<label><input type="checkbox" aria-required="true"> ${label}</label>`)).toContain(
      "TEXT_BUNDLED",
    );
  });

  it.each([
    `<label><input type="checkbox"> ${label}</label>`,
    `<label><input type="checkbox" :checked="false"> ${label}</label>`,
    `<label><input type="checkbox" onclick="this.checked=true"> ${label}</label>`,
    `<label><input type="tel" required> ${label}</label>`,
  ])("an unticked, optional box stays a yes: %s", (text) => {
    expect(reasonsOf(text)).toEqual([]);
  });
});

describe("a yes called a lie, or said unwillingly", () => {
  it.each([
    "I want offers from Acme on WhatsApp. That's a lie.",
    "I want offers from Acme on WhatsApp. False.",
    "Quiero recibir ofertas de Acme por WhatsApp. Mentira.",
    "Quero receber ofertas da Acme pelo WhatsApp. Mentira.",
    "Ich möchte Angebote von Acme per WhatsApp erhalten. Gelogen.",
    "Ich will Angebote von Acme per WhatsApp nimmer erhalten.",
    "Ich will Angebote von Acme per WhatsApp ungern erhalten.",
    "Je veux recevoir les offres d'Acme sur WhatsApp. Mensonge.",
    "Voglio ricevere offerte da Acme su WhatsApp. Bugia.",
  ])("is no consent: %s", (text) => {
    expect(reasonsOf(text)).toContain("TEXT_NOT_CONSENT");
  });

  it("payment reminders beside German offers are service messages", () => {
    expect(
      reasonsOf("Ich möchte Angebote von Acme per WhatsApp erhalten und Zahlungserinnerungen."),
    ).toContain("TEXT_TRANSACTIONAL");
  });
});

describe("a line the judge cannot read, or a wording that is not meant as one", () => {
  it.each([
    "Yes, send me offers from Acme on WhatsApp. Nee.",
    "Yes, send me offers from Acme on WhatsApp. Нет.",
    "Yes, send me offers from Acme on WhatsApp. 不要.",
    "Yes, send me offers from Acme on WhatsApp. Jeg vil ikke.",
    "Yes, send me offers from Acme on WhatsApp. Revoked.",
    "Yes, send me offers from Acme on WhatsApp. Void.",
    "Yes, send me offers from Acme on WhatsApp. Ignore the above.",
    "Yes, send me offers from Acme on WhatsApp. Lorem ipsum.",
    "Example: Yes, send me offers from Acme on WhatsApp.",
    "Draft: Yes, send me offers from Acme on WhatsApp.",
    'Customers often say: "Yes, send me offers from Acme on WhatsApp."',
  ])("is no consent: %s", (text) => {
    expect(reasonsOf(text)).toContain("TEXT_NOT_CONSENT");
  });

  it.each([
    "¡Apúntame! Quiero recibir descuentos exclusivos de Acme en WhatsApp.",
    "Ich möchte Angebote von Acme per WhatsApp erhalten. Abmeldung jederzeit mit STOPP möglich.",
    "Ich möchte Angebote von Acme per WhatsApp erhalten. Max. 2 Nachrichten pro Woche.",
    "Yes, send me offers from Acme on WhatsApp. Cancel anytime.",
    "Yes, send me offers, for example discounts, from Acme on WhatsApp.",
  ])("still accepts a yes with a short line it reads: %s", (text) => {
    expect(reasonsOf(text)).toEqual([]);
  });
});

describe("a toggle to switch off, or a yes that starts after checkout", () => {
  it.each([
    "Send me offers from Acme on WhatsApp. Switch off to stop.",
    "Yes, send me offers from Acme on WhatsApp after checkout.",
  ])("is no consent: %s", (text) => {
    expect(reasonsOf(text)).toContain("TEXT_NOT_CONSENT");
  });
});

describe("a club to join or a newsletter beside the WhatsApp opt-in", () => {
  it.each([
    "Join the Acme Club and get offers on WhatsApp.",
    "Join the Acme Club to get exclusive offers from Acme on WhatsApp. Reply STOP to opt out.",
    "Become a member and receive Acme offers on WhatsApp.",
    "Únete al Club Acme y recibe ofertas por WhatsApp.",
    "Hazte socio de Acme y recibe ofertas por WhatsApp.",
    "Entre no clube Acme e receba ofertas pelo WhatsApp.",
    "Tritt dem Acme Club bei und erhalte Angebote per WhatsApp.",
    "Werde Mitglied bei Acme und erhalte Angebote per WhatsApp.",
    "Rejoignez le club Acme et recevez nos offres sur WhatsApp.",
    "Unisciti al club Acme e ricevi offerte su WhatsApp.",
  ])("a box that also makes a member is bundled: %s", (text) => {
    expect(reasonsOf(text)).toContain("TEXT_BUNDLED");
  });

  it.each([
    "Subscribe to Acme WhatsApp offers and our newsletter.",
    "Send me the Acme newsletter and offers on WhatsApp.",
    "Quiero recibir ofertas de Acme por WhatsApp y la newsletter.",
    "Quero receber ofertas da Acme pelo WhatsApp e o boletim.",
    "Ich möchte Angebote von Acme per WhatsApp und den Newsletter erhalten.",
    "Je veux recevoir les offres d'Acme sur WhatsApp et la newsletter.",
    "Voglio ricevere le offerte di Acme su WhatsApp e la newsletter.",
  ])("a newsletter not said to come on WhatsApp is another channel: %s", (text) => {
    expect(reasonsOf(text)).toContain("TEXT_MIXED_CHANNELS");
  });

  it.each([
    "Join Acme's WhatsApp VIP club for exclusive offers.",
    "Subscribe me to Acme's WhatsApp newsletter with offers and new arrivals.",
    "Yes, I want Acme offers on WhatsApp and the newsletter on WhatsApp.",
    "Ja, ich möchte den WhatsApp-Newsletter von Acme mit Angeboten erhalten.",
    "Abonnez-moi à la newsletter WhatsApp d'Acme avec ses offres et nouveautés.",
    "Voglio ricevere la newsletter WhatsApp di Acme con offerte e novità.",
  ])("still accepts a club or newsletter that is the WhatsApp list itself: %s", (text) => {
    expect(reasonsOf(text)).toEqual([]);
  });
});

describe("silence as a yes, calls, a parent company, a number passed on, profiling", () => {
  it.each([
    "Send me Acme offers on WhatsApp. Closing this popup means yes.",
    "Send me Acme offers on WhatsApp. Ignoring this box means yes.",
    "Quiero recibir ofertas de Acme por WhatsApp. Cerrar esta ventana significa que sí.",
    "Quero receber ofertas da Acme pelo WhatsApp. Ignorar esta caixa significa sim.",
    "Ich möchte Angebote von Acme per WhatsApp erhalten. Schließen bedeutet Zustimmung.",
    "Je veux recevoir les offres d'Acme sur WhatsApp. Fermer cette fenêtre vaut accord.",
    "Voglio ricevere offerte da Acme su WhatsApp. Chiudere questa finestra significa sì.",
  ])("doing nothing is no consent: %s", (text) => {
    expect(reasonsOf(text)).toContain("TEXT_IMPLIED_CONSENT");
  });

  it.each([
    "Send me Acme offers on WhatsApp. We may also call you.",
    "Quiero recibir ofertas de Acme por WhatsApp. También podemos llamarte.",
    "Quero receber ofertas da Acme pelo WhatsApp. Também podemos te ligar.",
    "Ich möchte Angebote von Acme per WhatsApp erhalten. Wir dürfen dich auch anrufen.",
    "Je veux recevoir les offres d'Acme sur WhatsApp. Nous pourrons aussi vous appeler.",
    "Voglio ricevere offerte da Acme su WhatsApp. Potremo anche chiamarti.",
  ])("calls are another channel: %s", (text) => {
    expect(reasonsOf(text)).toContain("TEXT_MIXED_CHANNELS");
  });

  it.each([
    "Send me Acme offers on WhatsApp from our parent company.",
    "Send me Acme offers on WhatsApp. Your number will be shared with Beta.",
    "Quiero recibir ofertas de Acme por WhatsApp. Tu número será compartido con Beta.",
    "Ich möchte Angebote von Acme per WhatsApp erhalten. Meine Nummer wird an Beta weitergegeben.",
    "Voglio ricevere offerte da Acme su WhatsApp. Il mio numero sarà condiviso con Beta.",
  ])("a parent company or a number passed on is another sender: %s", (text) => {
    expect(reasonsOf(text)).toContain("TEXT_OTHER_SENDER");
  });

  it("profiling in the same box is bundled", () => {
    expect(reasonsOf("Send me Acme offers on WhatsApp, and use my data for profiling.")).toContain(
      "TEXT_BUNDLED",
    );
  });

  it("still accepts a yes that says to call or reply to stop", () => {
    expect(reasonsOf("Send me Acme offers on WhatsApp. Reply STOP or call us to stop.")).toEqual([]);
  });
});
