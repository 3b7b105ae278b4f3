/**
 * Consent values as exports in Spanish, Portuguese, German, French and
 * Italian write them ("sí", "ja", "oui", "sim", "sì"; "abgemeldet",
 * "dado de baja"...). values.ts compares them without accents, case or
 * punctuation, and adds them to its English words.
 */

/** Bare yes: consent in an opt-in column, but "opted out" in an opt-out column. */
export const YES_WORDS = [
  "sí",
  "si",
  "s",
  "ja",
  "j",
  "oui",
  "sim",
  "sì",
  "verdadero",
  "verdadeiro",
  "wahr",
  "vrai",
  "vero",
];

/** Bare no. */
export const NO_WORDS = ["nein", "non", "não", "nao", "falso", "falsch", "faux"];

export const OPTED_IN_WORDS = [
  // es
  "suscrito",
  "suscrita",
  "aceptado",
  "aceptada",
  "acepta",
  "consentido",
  "dado de alta",
  // pt
  "inscrito",
  "inscrita",
  "assinante",
  "aceito",
  "aceite",
  "aceita",
  "consentiu",
  // de
  "abonniert",
  "angemeldet",
  "eingewilligt",
  "zugestimmt",
  "akzeptiert",
  "erteilt",
  // fr
  "inscrit",
  "inscrite",
  "abonné",
  "abonnée",
  "accepté",
  "acceptée",
  "consenti",
  // it
  "iscritto",
  "iscritta",
  "accettato",
  "accettata",
  "consenso dato",
  "acconsentito",
];

export const OPTED_OUT_WORDS = [
  // es
  "dado de baja",
  "dada de baja",
  "baja",
  "desuscrito",
  "cancelado",
  "cancelada",
  "revocado",
  // pt
  "descadastrado",
  "cancelou",
  "revogado",
  // de
  "abgemeldet",
  "ausgetragen",
  "widerrufen",
  "abbestellt",
  "gekündigt",
  // fr
  "désinscrit",
  "désinscrite",
  "désabonné",
  "désabonnée",
  "révoqué",
  "retiré",
  // it
  "disiscritto",
  "disiscritta",
  "cancellato",
  "revocato",
  "ritirato",
];

export const NEVER_WORDS = [
  // es
  "no suscrito",
  "nunca suscrito",
  "pendiente",
  "rechazado",
  "sin consentimiento",
  // pt
  "não inscrito",
  "nunca inscrito",
  "pendente",
  "recusado",
  "sem consentimento",
  // de
  "nicht angemeldet",
  "nie angemeldet",
  "nicht abonniert",
  "ausstehend",
  "abgelehnt",
  "keine einwilligung",
  // fr
  "non inscrit",
  "jamais inscrit",
  "en attente",
  "refusé",
  "sans consentement",
  // it
  "non iscritto",
  "mai iscritto",
  "in attesa",
  "rifiutato",
  "senza consenso",
];
