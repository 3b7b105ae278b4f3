/**
 * Fixed vocabularies for the customer generator. Phone templates are mobile
 * ranges checked against libphonenumber (see generator.test.ts): every `x` is
 * a random digit, and the national form uses the same digits in the same order.
 */

export interface PhoneTemplate {
  country: string;
  e164: string;
  national: string;
}

export const PHONE_TEMPLATES: readonly PhoneTemplate[] = [
  { country: "US", e164: "+12017xxxxxx", national: "(201) 7xx-xxxx" },
  { country: "US", e164: "+14158xxxxxx", national: "(415) 8xx-xxxx" },
  { country: "CA", e164: "+16042xxxxxx", national: "(604) 2xx-xxxx" },
  { country: "GB", e164: "+447400xxxxxx", national: "07400 xxxxxx" },
  { country: "GB", e164: "+447712xxxxxx", national: "07712 xxxxxx" },
  { country: "DE", e164: "+49151xxxxxxxx", national: "0151 xxxxxxxx" },
  { country: "DE", e164: "+49170xxxxxxx", national: "0170 xxxxxxx" },
  { country: "FR", e164: "+3361xxxxxxx", national: "06 1x xx xx xx" },
  { country: "ES", e164: "+346xxxxxxxx", national: "6xx xx xx xx" },
  { country: "IT", e164: "+39347xxxxxxx", national: "347 xxx xxxx" },
  { country: "NL", e164: "+3161xxxxxxx", national: "06 1xxxxxxx" },
  { country: "PT", e164: "+35191xxxxxxx", national: "91x xxx xxx" },
  { country: "PL", e164: "+485xxxxxxxx", national: "5xx xxx xxx" },
  { country: "BR", e164: "+55119xxxxxxxx", national: "(11) 9xxxx-xxxx" },
  { country: "MX", e164: "+5255xxxxxxxx", national: "55 xxxx xxxx" },
  { country: "AR", e164: "+549115xxxxxxx", national: "011 15-5xxx-xxxx" },
  { country: "CO", e164: "+57310xxxxxxx", national: "310 xxxxxxx" },
  { country: "IN", e164: "+919xxxxxxxxx", national: "09xxxx xxxxx" },
  { country: "ID", e164: "+62812xxxxxxxx", national: "0812-xxxx-xxxx" },
  { country: "NG", e164: "+23480xxxxxxxx", national: "080x xxx xxxx" },
  { country: "ZA", e164: "+2782xxxxxxx", national: "082 xxx xxxx" },
  { country: "KE", e164: "+2547xxxxxxxx", national: "07xx xxxxxx" },
  { country: "EG", e164: "+2010xxxxxxxx", national: "010 xxxx xxxx" },
  { country: "AE", e164: "+97150xxxxxxx", national: "050 xxx xxxx" },
  { country: "SA", e164: "+96650xxxxxxx", national: "050 xxx xxxx" },
  { country: "TR", e164: "+90532xxxxxxx", national: "0532 xxx xx xx" },
  { country: "JP", e164: "+81901xxxxxxx", national: "090-1xxx-xxxx" },
  { country: "AU", e164: "+6141xxxxxxx", national: "041x xxx xxx" },
];

/** Numbers no phone library should accept (or only with a guess). */
export const MALFORMED_PHONES: readonly string[] = [
  "12345",
  "+44 7400",
  "call me",
  "+1 (201) 7O0-1234",
  "000000000",
  "+999 123 456 789",
  "+12017555012345678",
  "7400 123",
  "+",
  "n/a",
];

export interface LocaleNames {
  locale: string;
  countries: readonly string[];
  first: readonly string[];
  last: readonly string[];
}

export const LOCALES: readonly LocaleNames[] = [
  {
    locale: "en",
    countries: ["US", "GB", "CA", "AU", "NG", "ZA", "KE"],
    first: ["James", "Olivia", "Liam", "Emma", "Noah", "Ava", "Oliver", "Mia", "Amara", "Chidi", "Zanele"],
    last: [
      "Smith",
      "Johnson",
      "Brown",
      "Taylor",
      "Wilson",
      "Okafor",
      "Adeyemi",
      "Nkosi",
      "Mwangi",
      "O'Brien",
    ],
  },
  {
    locale: "es",
    countries: ["ES", "MX", "AR", "CO"],
    first: ["Lucía", "Mateo", "Sofía", "Santiago", "Valentina", "Martín", "Camila", "Diego", "Jimena"],
    last: ["García", "Martínez", "López", "Hernández", "González", "Rodríguez", "Pérez", "Sánchez", "Núñez"],
  },
  {
    locale: "pt-BR",
    countries: ["BR", "PT"],
    first: ["João", "Ana", "Gabriel", "Beatriz", "Lucas", "Júlia", "Rafael", "Conceição"],
    last: ["Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Gonçalves", "Araújo"],
  },
  {
    locale: "de",
    countries: ["DE"],
    first: ["Jonas", "Lea", "Lukas", "Hannah", "Jürgen", "Mia", "Felix", "Käthe"],
    last: ["Müller", "Schmidt", "Schneider", "Fischer", "Weiß", "Wagner", "Becker", "Groß"],
  },
  {
    locale: "fr",
    countries: ["FR"],
    first: ["Chloé", "Louis", "Léa", "Hugo", "Zoé", "Théo", "Manon", "Gaël"],
    last: ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Lefèvre", "Moreau", "Girard"],
  },
  {
    locale: "it",
    countries: ["IT"],
    first: ["Giulia", "Leonardo", "Francesca", "Lorenzo", "Chiara", "Niccolò"],
    last: ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano"],
  },
  {
    locale: "nl",
    countries: ["NL"],
    first: ["Daan", "Sanne", "Bram", "Fleur", "Sem", "Lotte"],
    last: ["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser"],
  },
  {
    locale: "pl",
    countries: ["PL"],
    first: ["Zofia", "Jakub", "Łucja", "Mikołaj", "Hanna", "Wojciech"],
    last: ["Nowak", "Kowalski", "Wiśniewska", "Wójcik", "Kamiński", "Lewandowska"],
  },
  {
    locale: "tr",
    countries: ["TR"],
    first: ["Elif", "Yusuf", "Zeynep", "Mehmet", "Ayşe", "Çağan"],
    last: ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk"],
  },
  {
    locale: "en-IN",
    countries: ["IN"],
    first: ["Aarav", "Priya", "Vivaan", "Ananya", "Arjun", "Diya"],
    last: ["Sharma", "Patel", "Singh", "Iyer", "Reddy", "Gupta"],
  },
  {
    locale: "id",
    countries: ["ID"],
    first: ["Putri", "Budi", "Siti", "Agus", "Dewi", "Rizky"],
    last: ["Santoso", "Wijaya", "Saputra", "Hidayat", "Lestari", "Kurniawan"],
  },
  {
    locale: "ar",
    countries: ["AE", "SA", "EG"],
    first: ["محمد", "فاطمة", "أحمد", "مريم", "Omar", "Layla"],
    last: ["العتيبي", "الحربي", "حسن", "Haddad", "Mansour", "Saleh"],
  },
  {
    locale: "ja",
    countries: ["JP"],
    first: ["さくら", "翔太", "Yui", "Haruto", "美咲", "Ren"],
    last: ["佐藤", "鈴木", "Takahashi", "Tanaka", "渡辺", "Ito"],
  },
];

/** Tag sets shared by many customers (frozen, so one array each). */
export const TAG_SETS: readonly (readonly string[])[] = [
  [],
  [],
  [],
  ["newsletter"],
  ["vip"],
  ["wholesale"],
  ["pos"],
  ["imported-klaviyo"],
  ["whatsapp-optin"],
  ["newsletter", "vip"],
  ["imported-klaviyo", "whatsapp-optin"],
].map((tags) => Object.freeze(tags));

export const NOTES: readonly (string | null)[] = [
  "Imported from Klaviyo (WhatsApp: yes)",
  "Asked to be contacted on WhatsApp at the pop-up store",
  "Prefers email",
  "Order support only — do not market",
];

export const EMAIL_DOMAINS: readonly string[] = ["example.com", "example.net", "example.org", "mail.test"];

export const CITIES: Readonly<Record<string, readonly string[]>> = {
  US: ["New York", "San Francisco", "Austin"],
  GB: ["London", "Manchester", "Leeds"],
  DE: ["Berlin", "München", "Köln"],
  FR: ["Paris", "Lyon", "Marseille"],
  ES: ["Madrid", "Sevilla", "Valencia"],
  BR: ["São Paulo", "Rio de Janeiro", "Belo Horizonte"],
  MX: ["Ciudad de México", "Guadalajara", "Monterrey"],
  IN: ["Mumbai", "Bengaluru", "Delhi"],
  JP: ["東京", "大阪", "Sapporo"],
};

export const STREETS: readonly string[] = [
  "Main St",
  "High Street",
  "Calle Mayor",
  "Rua Augusta",
  "Hauptstraße",
];
