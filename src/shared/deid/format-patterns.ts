/**
 * Pattern detectors for the Safe Harbor identifiers that have a format: phones, fax, e-mail,
 * SSN, MRN, account/health-plan/licence numbers, URLs, IPv4/IPv6, ZIP and postal codes, street
 * addresses, ages over 89, vehicle and device ids. No maintained PHI pattern library is
 * installed, so these are our own; each is exercised by format-patterns.spec.ts and measured
 * against the labelled notes (RECALL.md). Keyword-led patterns only report the value, so the
 * keyword ("MRN:", "fax") stays for the model to read.
 */
import { isIPv6 } from 'node:net';
import { IdentifierKind, Span } from './deid.types';
import { parseDate } from './date-shift';
import { isEnglishWord } from './english-words';
import { isMedicalTerm } from './medical-terms';

interface FormatPattern {
  kind: IdentifierKind;
  re: RegExp;
  /** The capture group holding the identifier (0 = whole match). */
  group?: number;
  /** Unkeyed shapes yield to keyed ones on the same characters. */
  priority?: number;
  valid?: (value: string) => boolean;
  /** Run only when this cheap test finds its keyword in the text. */
  gate?: RegExp;
  /**
   * Tail first: `re` finds the keyword that ends the identifier (a state, a street word) and
   * `head` (anchored with `$`) the words before it, read from the preceding 80 characters. A
   * pattern that opens with capitalised words is tried at every capital; this is tried only at
   * the rarer keyword. `headOnly` keeps the head alone as the identifier ("Temple" of "Temple, TX").
   */
  head?: RegExp;
  headOnly?: boolean;
}

// Value after an identifier keyword: at least one digit, 4+ characters, letters/digits/-/.; or
// written in short groups with spaces ("1234 5678 9012", "MT-D 0412 8891 33", "D123 4567 8901"):
// up to six groups of at most six characters, each after the first with a digit.
const ID_GROUPED = '(?=[A-Z0-9 -]{0,12}\\d)[A-Z0-9]{1,6}(?:-[A-Z0-9]{1,4})?(?: (?=[A-Z0-9]{0,5}\\d)[A-Z0-9]{2,6}(?![A-Z0-9])){1,5}';
const ID_VALUE = `(${ID_GROUPED}|(?=[A-Z0-9./-]{0,64}\\d)[A-Z0-9][A-Z0-9./-]{2,126}[A-Z0-9])`;
const SEP = '\\s*(?:(?:[:#]|no\\.?|number|num\\.?|nr\\.?|is)\\s*)?(?:[:#]\\s*)?';
const keyed = (keywords: string) => new RegExp(`\\b(?:${keywords})(?![a-z])${SEP}${ID_VALUE}`, 'gi');
/** How notes name a social security number: SSN, SS#, soc. sec. no., social security number, "her social". */
const SSN_WORD = 'SSN|SS(?=\\s*(?:#|no\\b|number))|soc(?:ial)?\\.?\\s*sec(?:urity)?\\.?(?:\\s+(?:no|number|#))?|social(?=\\s+(?:is|are|ending|last|:|#))';

const EXT = '(?:\\s*(?:x|ext\\.?|extn\\.?|extension|poste|ramal|anexo|interno|Durchwahl|toestel)\\s*\\d{1,5})?';
const PHONE_BODY =
  // +1 (555) 123-4567 / 555.123.4567 / 5551234567 / +44 20 7946 0958 / +91 98765 43210, with ext.
  '(?:\\+\\d{1,3}[\\s.-]?)?(?:\\(\\d{1,4}\\)[\\s.-]?)?\\d{2,10}(?:[\\s.-]\\d{2,5}){0,3}' +
  '(?:\\s*(?:x|ext\\.?|extn\\.?|extension|poste|ramal|anexo|interno|Durchwahl|toestel)\\s*\\d{1,5})?';

// USPS street suffixes and their abbreviations, plus a few European ones.
export const STREET_SUFFIX =
  'Alley|Ally|Annex|Arcade|Avenue|Ave|Bayou|Beach|Bend|Bluffs?|Bottom|Boulevard|Blvd|Branch|Bridge|Brooks?|Burgs?|Bypass|Camp|Canyon|' +
  'Cape|Causeway|Center|Circle|Cir|Cliffs?|Club|Commons?|Corners?|Course|Courts?|Ct|Coves?|Creek|Crescent|Crest|Crossing|Crossroad|Curve|' +
  'Dale|Dam|Divide|Drive|Drives|Dr|Estates?|Expressway|Expy|Extension|Falls?|Ferry|Fields?|Flats?|Fords?|Forest|Forges?|Forks?|Fort|' +
  'Freeway|Fwy|Gardens?|Gateway|Glens?|Greens?|Groves?|Harbors?|Haven|Heights|Hts|Highway|Hwy|Hills?|Hollow|Inlet|Islands?|Isle|' +
  'Junctions?|Keys?|Knolls?|Lakes?|Land|Landing|Lane|Ln|Lights?|Loaf|Locks?|Lodge|Loop|Mall|Manors?|Meadows?|Mews|Mills?|Mission|' +
  'Motorway|Mount|Mountains?|Neck|Orchard|Oval|Overpass|Parks?|Parkway|Pkwy|Pass|Passage|Path|Pike|Pines?|Place|Pl|Plains?|Plaza|' +
  'Points?|Ports?|Prairie|Radial|Ramp|Ranch|Rapids?|Rest|Ridges?|River|Roads?|Rd|Route|Row|Run|Shoals?|Shores?|Skyway|Springs?|' +
  'Spurs?|Squares?|Sq|Station|Stravenue|Streams?|Streets?|St|Summit|Terrace|Ter|Throughway|Trace|Track|Trafficway|Trail|Trl|' +
  'Tunnel|Turnpike|Underpass|Unions?|Valleys?|Via|Viaduct|Views?|Villages?|Ville|Vista|Walks?|Wall|Ways?|Wells?|Close|Gate|Wynd|' +
  'Strasse|Straße|Str|Sokak|Sokağı|Caddesi|weg|laan|straat|gracht|plein|' +
  // British and Irish forms ("58 Ravensbourne Parade", "3 Chandlery Wharf", "77 Old Mill Race").
  'Parade|Promenade|Esplanade|Embankment|Quay|Wharf|Race|Rise|Chase|Drove|Yard|Brae|Croft|Approach|Broadway|Circus|Vale|Dene';
const UNIT =
  // Seventeenth round: house, Italian "interno", Belgian "bus", Spanish "piso"/"dpto" ("Hse 4", "int. 7", "bus 3").
  '(?:,?\\s*(?:(?:[Aa]pt|[Aa]partment|[Uu]nit|[Ss]uite|[Ss]te|[Ff]lat|[Rr]oom|[Rr]m|[Ff]loor|[Ff]l|[Bb]ldg|[Bb]uilding|[Ll]ot|[Tt]rlr|[Tt]railer|[Ss]pace|[Ss]pc|[Bb]ox|APT|UNIT|STE|#)\\.?\\s*#?\\s*[A-Za-z0-9-]+|' +
  '(?:[Hh]se|[Ii]nt|[Ii]nterno|[Ss]cala|bus|[Pp]iso|[Dd]pto|[Dd]epto|app|appt|ap|[Aa]pto|[Ll]gh)\\.?\\s*\\d[A-Za-z0-9-]*|' +
  // A floor and side in Portuguese and Spanish ("2º esq", "3.º Dto", "1ª izq").
  '\\d{1,2}\\.?[ºª°]\\.?\\s*(?:[Ee]sq|[Dd]to|[Dd]ta|[Ii]zq|[Ii]zda|[Dd]cha|[Dd]r|[Ff]te)\\.?|' +
  // Eighteenth round: a Danish floor and side ("3. tv.", "st. th."), a Swedish flat ("lgh 1102") and an
  // Italian staircase by its letter ("scala B").
  '(?:\\d{1,2}|st)\\.\\s*(?:tv|th|mf)\\.?(?![A-Za-z])|lgh\\s*\\d{3,4}|[Ss]cala\\s+[A-Z](?![A-Za-z])|' +
  // Nineteenth round: a Basque floor and side ("2. ezk.", "3. esk.") and a Catalan floor and door ("3r 2a", "1r 1a").
  '\\d{1,2}\\.\\s?(?:ezk|esk|ezkerra|eskuma|eskuina)\\.?(?![A-Za-z])|\\d{1,2}(?:r|n|t|º)\\s\\d{1,2}(?:a|ª)(?![A-Za-z])))?';
// A roadside place's marker and road (the seventeenth round's roadside pattern below).
const ROADSIDE_MILE = '(?:[Mm]ile(?:[ \\t][Mm]arker)?|MILE(?:[ \\t]MARKER)?|MM|MP|[Mm]ilepost)[ \\t]?\\d{1,4}(?:\\.\\d)?';
const ROADSIDE_ROAD =
  '(?:(?:(?:State|County|BIA|Forest[ \\t]Service|Farm|Ranch)[ \\t])?(?:Route|Rte\\.?|Road|Rd\\.?|Hwy\\.?|Highway)[ \\t-]?\\d{1,4}[A-Z]?|(?:I|US|SR|CR|FM|SH)[ \\t-]\\d{1,4}[A-Z]?|' +
  '\\p{Lu}\\p{Ll}+(?:[ \\t]\\p{Lu}\\p{Ll}+)?[ \\t](?:Highway|Hwy\\.?|Freeway|Parkway|Pkwy|Turnpike|Expressway))';
// The words that open a street's name before the number in other languages ("Calle Hatunrumiyoc 480",
// "Chemin des Vergers 19", "Bulevardul Soldat Ionita Stere 85", "küç. Ruslan Allahverdiyev 640").
const STREET_FIRST_WORDS =
  'Calle|Rua|Rúa|Rue|Via|Viale|Avenida|Avda\\.|Av\\.|Carrer|Strada|Ulica|Jalan|Jl\\.|Heol|Stryd|Travessa|Praça|Paseo|Carretera|' +
  'Chemin|Camino|Parvis|Bulevardul|Kale|Kalea|Edificio|Aleea|Calea|Șoseaua|Splaiul|Piața|Passeig|Avinguda|' +
  'Rambla|Estrada|Quai|Allée|Impasse|str\\.|küç\\.|prospekti';
// After a street's house number: a unit says it was a quantity (review mend: "Place Foley 16 Fr", "Six Minute Walk
// 412 m", "Seated Row 20 kg").
const NOT_A_HOUSE_NUMBER = '(?![ \\t]*(?:m|km|kg|g|mg|mcg|ml|mL|L|h|hrs?|hours?|min|mins|minutes|Fr|French|reps?|x|%|sec|s|cm|mm|units?|days?|weeks?|leads?|ore|jours|étages)(?![\\p{L}]))';
// "Old Mill", "14th", "N.": a street's words, numbered ones included.
const CAP_WORD = "[\\p{Lu}\\d][\\p{L}\\p{M}\\d'’.-]*";

// Twentieth round: a plate may print a state before it ("car WA WFU61PS") and run to four groups ("truck NU
// 06 YD 6445", "car RC 7686 JM"); its last group of letters is not a dose or a word in capitals after it. New
// cues: "parking for", "placard for", "mileage by", "do not drive (…)" (not "Transport", which a transfer's
// observations follow: "Transport with CPAP 10 CM H2O"; review of the round).
const PLATE_NOT_AFTER = '(?:AND|THE|FOR|NOT|BUT|WAS|HAS|HRS?|MIN|MGS?|ML|BPM|PRN|BID|TID|QID|QHS|DAY|WKS|MOS|YRS|PER|VIA|AT|IN|ON|TO|OF|BY|NO|OR)';

export const US_STATES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IA|KS|KY|LA|ME|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|' +
  'Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|' +
  'Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|' +
  'New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|' +
  'South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming';

// A vital sign, a vertebra or a scan written after a driving verb is not a plate ("was driving when HR
// 140", "fell off tractor, T12 L1 burst fracture", "drove home after CT C1 C2 clear").
// Review mend: words before a number that name a test, an assay, a catalogue, a standard or a currency.
const NOT_A_PRINTED_CODE =
  /^(?:RNA|DNA|PCR|HCG|BHCG|CK|CPK|LDH|AFP|CEA|PSA|TSH|IGF|OMIM|MIM|ATCC|ISO|EN|IEC|DIN|ASTM|ANSI|HIV|HCV|HBV|CMV|EBV|HPV|HSV|VZV|BK|JC|USD|EUR|GBP|PHP|INR|JPY|CNY|AUD|CAD|CHF|KES|NGN|ZAR|MXN|BRL|RUB|IU|MIU|CFU|TCID)$/;
// A code that opens with a virus, a marker, a gene or a classification is clinical ("COVID19", "CD34", "BRCA2"):
// not an identifier after "ID" or "session".
const CLINICAL_CODE_WORD = /^(?:COVID|SARS|HLA|HPV|HIV|HBV|HCV|HSV|CMV|EBV|CD\d|IL\d|BRCA|ICD)/;
// The labels that name a field rather than being printed with its value ("MRN 4410229", "DOB 1931").
const FIELD_LABEL_CODE = /^(?:MRN|SSN|DOB|TEL|FAX|PH|ZIP|ID|MR|DOS|DOD|AGE|BP|HR|RR|WBC|PLT|HGB|INR|BMI|EF|IV|PO|IM|SQ|TIME|DATE|ACCT|TO|FROM|AT|OF|IN|ON|AND|OR|THE|EXT|TEL|CELL|MOB)\b/;
const CLINICAL_CODE_START = /^(?:HR|RR|BP|SBP|DBP|MAP|SpO2|SPO2|GCS|EF|AF|CT|MRI|ECG|EKG|ETOH|EtOH|BAL|BAC|NHS|ISS|AIS|RTS|[CTLS]\d{1,2}(?:[ -]|$))/;

const PATTERNS: FormatPattern[] = [
  // A Chinese mobile number in its 3-4-4 groups ("138 0013 8000"), which no shorter rule joins.
  { kind: 'PHONE', re: /(?<![\d.])1[3-9]\d[\s-]\d{4}[\s-]\d{4}(?!\d|\.\d)/g },
  { kind: 'EMAIL', re: /\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}\b/g, gate: /@/ },
  {
    kind: 'URL',
    re: /\b(?:(?:https?|ftp):\/\/|www\.)[^\s<>"')\]]{1,4096}[^\s<>"')\].,;:!?]/gi,
  },
  {
    // Bare domains with a path (portal.example-clinic.org/patients/1234).
    kind: 'URL',
    re: /\b(?=[a-z0-9.-]{1,253}\/)[a-z0-9-]{2,}(?:\.[a-z0-9-]+)*\.(?:com|org|net|edu|gov|io|health|care|clinic|info|app|co\.uk|nhs\.uk|org\.uk|co\.nz|com\.au|org\.au|de|fr|in|ie|uk|ca|au|nz|us|ch|nl|be|at|se|no|dk|fi|es|it|pt|pl|jp|kr|br|mx|za|si|hr|hu|ro|cz|sk|bg|rs|ba|me|mk|al|gr|cy|tr|ru|ua|by|lt|lv|ee|is|lu|li|mt|md|ge|am|az|kz|uz|il|ae|sa|qa|eg|ma|ng|gh|ke|tz|ug|et|cl|ar|co|pe|ve|uy|ec|bo|py|cn|tw|hk|sg|my|th|vn|ph|id|pk|bd|lk|np|mv|fj|to|ws|pg|tv|ly|ai)\/[^\s<>"')]{0,4096}[^\s<>"').,;:!?]/gi,
    // Its lookahead reads up to 253 characters at every word: only where a domain meets a slash.
    gate: /[a-z0-9-]\.[a-z]{2,6}\//i,
  },
  {
    kind: 'IP',
    re: /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.]*\d)/g,
  },
  // Candidates with two or more colons, confirmed by Node's own parser (times like 14:30:00 fail it).
  // (Two colons with at most four hex digits between them, which every candidate holds.)
  { kind: 'IP', re: /(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])/g, valid: (v) => isIPv6(v), gate: /:[0-9A-Fa-f]{0,4}:/ },
  // A MAC address (a pump's, a hearing aid's, a fridge logger's): six pairs of hex digits, one
  // separator throughout ("30:AC:E6:A0:62:38", "F0-E6-5A-9C-EB-5C").
  // At least one hex letter: six pairs of decimal digits are more often a ratio or a time.
  { kind: 'DEVICE', re: /(?<![\w:-])[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![\w:-])/g, gate: /[0-9A-Fa-f]{2}[:-][0-9A-Fa-f]{2}[:-][0-9A-Fa-f]{2}/, valid: (v) => /[A-Fa-f]/.test(v) },
  // A member or plan number in three groups of three digits ("Great Prairie BlueCare 716 885 839"): a
  // phone has four digits in its last group, a measurement is not written so.
  // Sixteenth round: with the plan's letters before it ("RD 203 166 188", "XK 586 681 923").
  { kind: 'ID', re: /(?<![\w.,/+:-]|\d[ \t])(?:(?<![\p{L}])[A-Z]{2,3}[ \t])?\d{3}[ \t]\d{3}[ \t]\d{3}(?![\w,/:-]|\.\d|[ \t]\d)/gu, gate: /\d{3} \d{3} \d{3}/, priority: 1.6 },
  // A number dialled with the international prefix 00 ("00 44 7526 890830", "0049 30 4468 5493").
  { kind: 'PHONE', re: /(?<![\w+.-])00[ \t]?[1-9]\d{0,2}(?:[ \t.-]\d{2,8}){2,4}(?![\w-]|\.\d)/g, gate: /(?<!\d)00[ \t]?[1-9]/, valid: (v) => v.replace(/\D+/g, '').length >= 11 && v.replace(/\D+/g, '').length <= 17 },
  // 3-2-4 digits with hyphens, dots or spaces between (and spaces around a hyphen or dot).
  { kind: 'SSN', re: /(?<![\d.-])\d{3}(?: ?[-.] ?| )\d{2}(?: ?[-.] ?| )\d{4}(?![\d-]|\.\d)/g, priority: 1.5 },
  { kind: 'SSN', re: keyed(`${SSN_WORD}|SSA`), group: 1 },
  // The last four digits, named as such: identifying beside a name, and what a form asks for.
  { kind: 'SSN', re: new RegExp(`\\b(?:${SSN_WORD})\\s*(?:#\\s*)?(?:ending(?:\\s+in)?|last\\s+(?:4|four)(?:\\s+digits)?(?:\\s+(?:of|are|is))?)\\s*(?::\\s*)?(\\d{4})\\b`, 'gi'), group: 1 },
  {
    kind: 'SSN',
    re: new RegExp(`\\blast\\s+(?:4|four)(?:\\s+digits)?\\s+of\\s+(?:(?:his|her|their|the|pt'?s?|patient'?s?)\\s+)?(?:${SSN_WORD})\\s*(?:(?:is|are|:|=)\\s*)?(\\d{4})\\b`, 'gi'),
    group: 1,
  },
  // A masked SSN still shows its last four ("xxx-xx-6218", "***-**-1234", "XXX XX 4410"): the whole
  // string is the identifier.
  { kind: 'SSN', re: /(?<![\w*-])(?:xxx|XXX|\*{3})[ .-]?(?:xx|XX|\*{2})[ .-]?\d{4}(?![\w-])/g, priority: 1.5 },
  // An ISBT 128 donation identification number on a blood unit ("W5751 25 105179", "=W1758 22 627077 X"):
  // facility, year and serial; written in its three groups it would leave the year between two ids.
  { kind: 'ID', re: /(?<![\w-])=?[A-Z]\d{4}[ ]?\d{2}[ ]?\d{6}(?:[ ]?[A-Z0-9](?![\w-]))?(?![\w-])/g, priority: 1.4, gate: /\d{4} ?\d\d ?\d{6}/ },
  // HL7 v2 extended identifiers ("|12-97-79^^^MR|", "~448812^^^HOSP^PI"): the value before its empty
  // check-digit fields and assigning authority is a record number.
  { kind: 'MRN', re: /(?<=[|~])(?=[^|^~\n]{0,39}\d)[A-Za-z0-9][A-Za-z0-9./-]{2,39}(?=\^[^|^~\n]*\^[^|^~\n]*\^)/g, gate: /\^\^/ },
  {
    kind: 'MRN',
    re: keyed(
      'MRN|MR|medical\\s+record(?:\\s+number)?|med\\.?\\s+rec\\.?|hosp(?:ital)?\\.?(?:\\s+(?:no|number))?|NHS(?:\\s+number)?|chart(?:\\s+(?:no|number))?|' +
        '(?:patient|pt)\\.?\\s+(?:id|no|number)|unit\\s+(?:no|number)|EMPI|EMRN|UR(?:\\s+number)?|CHI',
    ),
    group: 1,
    // "chart 20/40" is a visual acuity, "MR 2/6" a murmur: a fraction is not a record number.
    valid: (v) => !/^\d{1,3}\/\d{1,3}$/.test(v),
  },
  // An identifier in dotted groups after "ID" in capitals ("ID 1246.2761", "NHS/ID 4097.6871"): a
  // decimal has no place after that label, so the whole value goes (not only digit runs of five).
  { kind: 'ID', re: /\b(?:[A-Z]{2,5}\/)?ID(?![A-Za-z])[ \t]*(?:[:#][ \t]*)?(\d{2,6}(?:\.\d{2,6}){1,3})(?![\w-]|\.\d)/g, group: 1, gate: /ID/, valid: (v) => v.replace(/\D+/g, '').length >= 6 },
  {
    // A record number written in groups after its keyword: "Pt ID 55 123 456", "MRN 00 481 227".
    kind: 'MRN',
    re: /\b(?:MRN|MR|[Mm]ed(?:ical)?\.?\s+[Rr]ec(?:ord)?\.?|[Hh]osp(?:ital)?\.?|[Cc]hart|(?:[Pp]atient|[Pp]t)\.?\s+(?:ID|[Nn]o)|[Uu]nit\s+[Nn]o|EMPI)\s*(?:(?:#|[Nn]o\.?|[Nn]umber)\s*)?(?:[:#]\s*)?(\d{2,4}(?: \d{2,4}){1,3})(?![\w-])/g,
    group: 1,
    valid: (v) => v.replace(/\D+/g, '').length >= 6,
  },
  {
    // Any record label with its number sign, written in digit groups: "Record # 4417 2290", "ID# 4419
    // 2201", "Enc # 7731 0092", "Pt no. 55 123 456"; the groups after the first used to survive.
    kind: 'ID',
    re: /\b[A-Za-z][A-Za-z.]{1,14}\s?(?:#|[Nn]o\.|[Nn]umber)\s*(?::\s*)?(\d{2,6}(?: \d{2,6}){1,3})(?![\w-])/g,
    // The number sign and the first two groups: the label is tried at every word only where they are.
    gate: /(?:#|[Nn]o\.|[Nn]umber)\s*(?::\s*)?\d{2,6} \d{2}/,
    group: 1,
    valid: (v) => v.replace(/\D+/g, '').length >= 6,
  },
  { kind: 'FAX', re: new RegExp(`\\b(?:fax|facsimile|f)\\s*(?:(?:no\\.?|number|#)\\s*)?(?:[:.]\\s*)?(${PHONE_BODY})`, 'gi'), group: 1 },
  {
    // International: +country then 2-6 groups (+33 6 12 34 56 78, +91 98765 43210).
    kind: 'PHONE',
    re: /(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){2,6}(?:\s*(?:x|ext\.?|extn\.?|extension|poste|ramal|anexo|interno|Durchwahl|toestel)\s*\d{1,5})?(?![\w-])/g,
    gate: /\+\d/,
    valid: (v) => v.replace(/\D+/g, '').length >= 8,
  },
  // An account name: it often spells its owner's surname ("Username: mwhitlock2").
  {
    kind: 'ID',
    re: /\b(?:user\s?name|user\s?id|login(?:\s+id)?|logon|screen\s+name|handle)\s*[:=#]\s*(@?[A-Za-z][A-Za-z0-9._-]{2,31})\b/gi,
    group: 1,
    // An account name has a digit, a dot or an underscore ("mwhitlock2", "j.smith"); "Login: failed" is prose.
    valid: (v) => /[\d._]/.test(v),
  },
  {
    // A national number written with its trunk prefix in brackets, the country code left out
    // ("(0)58 5553 2475", "(0) 20 7946 0958"): only a phone number is written so.
    kind: 'PHONE',
    re: /(?<![\w)+])\(0\)[ \t]?\d{1,5}(?:[\s.-]\d{2,5}){1,4}(?:\s*(?:x|ext\.?|extn\.?|extension|poste|ramal|anexo|interno|Durchwahl|toestel)\s*\d{1,5})?(?![\w-])/g,
    gate: /\(0\)/,
    valid: (v) => v.replace(/\D+/g, '').length >= 8,
  },
  {
    // A national number with its area code in brackets, opening with the trunk 0 ("(08) 8962 8037",
    // "(02) 9876-5432", "(030) 1234567"): no dose, score or count is written so.
    kind: 'PHONE',
    re: /(?<![\w)+])\(0\d{1,4}\)[ \t]?\d{2,8}(?:[ \t.-]\d{2,5}){0,3}(?:\s*(?:x|ext\.?|extn\.?|extension|poste|ramal|anexo|interno|Durchwahl|toestel)\s*\d{1,5})?(?![\w-])/g,
    gate: /\(0\d/,
    valid: (v) => v.replace(/\D+/g, '').length >= 8,
  },
  {
    // International dialled with 00 instead of + (0044 20 7946 0000): groups always separated.
    kind: 'PHONE',
    re: /(?<![\w+.-])00[1-9]\d{0,2}(?:[\s.-]\(?\d{1,5}\)?){2,6}(?:\s*(?:x|ext\.?|extn\.?|extension|poste|ramal|anexo|interno|Durchwahl|toestel)\s*\d{1,5})?(?![\w-])/g,
    valid: (v) => v.replace(/\D+/g, '').length >= 10,
  },
  {
    // North American 3-3-4 with any punctuation, 10 bare digits, 7-digit 555-0134, UK 0xxxx.
    // Groups are fixed-width so a row of lab values ("140 102 24 18") is never a phone.
    kind: 'PHONE',
    re: new RegExp(
      `(?<![\\w/.+-])(?:(?:1[\\s.-])?(?:\\(\\d{3}\\)\\s?|\\d{3}(?:[\\s.-]| ?[-.] | ?\\/ ?))\\d{3}(?:[\\s.-]| ?[-.] )\\d{4}|\\d{10}|\\d{3}-\\d{4}|0\\d{2,4}[\\s-]\\d{3,4}[\\s-]?\\d{3,4})${EXT}(?![\\w/-]|\\.\\d)`,
      'g',
    ),
    priority: 1.5,
  },
  {
    kind: 'HEALTH_PLAN',
    re: keyed('member\\s+id|member|policy|subscriber(?:\\s+id)?|group|medicaid(?:\\s+id)?|medicare(?:\\s+id)?|insurance\\s+id|plan\\s+id|beneficiary(?:\\s+id)?|HICN|MBI'),
    group: 1,
  },
  {
    kind: 'ACCOUNT',
    re: keyed(
      'accession|account|acct\\.?|a/c|billing(?:\\s+(?:id|account))?|invoice|encounter|visit|FIN|CSN|claim|IBAN|card|specimen|incident|case|' +
        'rx|order|req|requisition|ref|reference|confirmation|auth(?:orization)?|ticket|booking|kit|tracking|voucher|receipt|waybill|air\\s?waybill|AWB|consignment|parcel',
    ),
    group: 1,
  },
  // Nineteenth round: an IBAN in its groups of four, with a shorter last group ("HR29 5500 9770 6687 1302 0",
  // "DE89 3704 0044 0532 0130 00"): the country, its check digits and every group are the account.
  // (Review mend: after the bank's group only digits, and not a cluster of differentiation: "CD10 CD19 CD20 CD22".)
  { kind: 'ACCOUNT', re: /(?<![\w-])(?!CD)[A-Z]{2}\d{2}[ \t]?[A-Z0-9]{4}(?:[ \t]?\d{4}){1,6}(?:[ \t]?\d{1,3})?(?![\w-])/g, gate: /[A-Z]{2}\d{2}[ \t]?[A-Z0-9]{4}[ \t]?[A-Z0-9]{4}/, valid: (v) => v.replace(/\D+/g, '').length >= 10, priority: 0.95 },
  // The numbers research, registries and rolls give a person ("Participant ID SUBJ 9151", "Donor
  // no. 8973-4216-8", "Registry no. SUBJ 5743", "Juror no. J1341914", "Student ID RC-52612").
  {
    kind: 'ID',
    // The word alone is ordinary ("the subject is 12"): with its label only.
    re: keyed('(?:participant|subject|donor|recipient|registry|study|enrol?ment|enrollment|juror|student|employee|staff)\\s*(?:id\\b|no\\.|no\\b|number|#)'),
    group: 1,
  },
  // Nineteenth round: a permit's or a donor's number ("movement permit 4231/24", "donor DNR-RB80PX"), a
  // session's code of capitals and digits ("session DD9D6F"), and a booking reference in letters alone
  // ("Booking ref TTUMJD", "PNR QXKLMB"; not an English word in capitals: "booking CONFIRMED").
  { kind: 'ID', re: keyed('permit|donor(?:\\s+code)?'), group: 1, gate: /permit|donor/i },
  {
    kind: 'ID',
    re: /\b(?:[Ss]ession|SESSION)(?:[ \t]+(?:ID|[Ii]d|#|[Nn]o\.?))?[ \t]*[:#]?[ \t]*((?=[A-Z0-9]{0,11}\d)(?=[A-Z0-9]{0,11}[A-Z])[A-Z0-9]{5,12})(?![\w-])/g,
    group: 1,
    gate: /[Ss]ession|SESSION/,
    // Two digits and two letters at least, and not a vaccine, virus or therapy code (review mend: "Session COVID19",
    // "Session ESWT3").
    valid: (v) => (v.match(/\d/g) ?? []).length >= 2 && (v.match(/[A-Z]/g) ?? []).length >= 2 && !CLINICAL_CODE_WORD.test(v) && !/^(?:ESWT|TMS|ECT|PUVA|UVB)/.test(v),
  },
  {
    kind: 'ID',
    re: /\b(?:[Bb]ooking|BOOKING|PNR|[Rr]eservation|RESERVATION|[Cc]onfirmation|CONFIRMATION)(?:[ \t]+(?:[Rr]ef(?:erence)?\.?|REF|[Cc]ode|[Nn]o\.?|[Nn]umber|#))?[ \t]*[:#]?[ \t]*([A-Z]{5,8})(?![\w-])/g,
    group: 1,
    gate: /[Bb]ooking|BOOKING|PNR|[Rr]eservation|RESERVATION|[Cc]onfirmation|CONFIRMATION/,
    valid: (v) => !isEnglishWord(v.toLowerCase()) && !isMedicalTerm(v.toLowerCase()) && !/^(?:HOLTER|SPECT|DNACPR|DNAR|NSTEMI|STEMI|ECHO|DEXA|MRCP|ERCP|EEG|EMG|OGD|TOE|TTE|PET|MDT|CPAP|BIPAP)$/.test(v),
  },
  {
    kind: 'LICENSE',
    re: keyed("licen[cs]e|lic\\.?|DEA|NPI|GMC|certificate|cert\\.?|driver'?s\\s+licen[cs]e|DL|passport|badge|registration|reg\\.?"),
    group: 1,
  },
  { kind: 'VEHICLE', re: keyed('VIN|plate|licen[cs]e\\s+plate|registration\\s+plate|tag'), group: 1 },
  {
    // Plates as written after a vehicle word, within a few words: "plate RKT 4410", "unit 7ABC123",
    // "his truck (8XYZ221)", "Bus FDY 759", "VEHICLE IMPOUNDED TE12 AVE", "Company vehicle ..... 6181 ZRG",
    // "drives her (LQT482)": letters and digits mixed, with or without one space or dash.
    // Nineteenth round: a hearse, a fleet, a motorbike, "driver of"; and a value is only tried where a digit
    // follows within it, so a word in capitals before the plate ("Vessel TMAS Split WU 408 ST") no longer
    // ends the search at the vehicle word.
    kind: 'VEHICLE',
    re: new RegExp(
      String.raw`\b(?:[Pp]lates?|PLATES?|[Tt]ag|TAG|[Vv]ehicle|VEHICLE|[Cc]ar|CAR|[Tt]ruck|TRUCK|[Vv]an|VAN|[Bb]us|BUS|[Ii]mpounded|IMPOUNDED|[Dd]rives|[Rr]ig|[Cc]ab|[Tt]axi|[Pp]ickup|[Jj]eep|[Mm]inivan|[Cc]amper|RV|[Ss]edan|SUV|[Mm]otorcycle|[Uu]nit|[Rr]eg(?:istration)?|VRM|[Tt]ail(?:\s+(?:no\.?|number))?|[Aa]mbulance|AMBULANCE|[Cc]oach|[Mm]inibus|[Ll]orry|[Aa]ircraft|[Hh]elicopter|[Hh]eli|[Bb]oat|[Vv]essel|[Tt]railer|[Dd]riving|[Dd]rove|[Dd]riven|[Pp]arked|[Uu]te|[Tt]roopy|[Ll]and[ ]?[Cc]ruiser|[Hh]atchback|[Ww]agon|[Tt]ractor|[Qq]uad|[Ss]kidoo|[Ss]nowmobile|[Pp]lane|[Hh]earse|HEARSE|fleet|[Dd]river|[Ll]ifted[ ]by|[Mm]otorbike|[Ss]peedboat|[Ss]cooter|[Mm]oped|[Cc]ampervan|[Mm]otorhome|[Pp]arking[ ]for|[Pp]lacard[ ]for|[Mm]ileage[ ]by|[Dd]rive[ ]\()\b(?:[^\n.;]|\.{2,}){0,24}?(?<![\w-])(?=[A-Z0-9 -]{0,18}\d)((?:[A-Z]{2}[ ](?=[A-Z0-9]{1,4}[ -]?[A-Z0-9]{2,8}\b))?[A-Z0-9]{1,4}[ -]?[A-Z0-9]{2,8}(?:[ -][A-Z]{1,3}(?=[ -]\d))?(?:[ -]\d{2,5})?(?:[ -](?!${PLATE_NOT_AFTER}(?![\w-]))[A-Z]{1,3}(?![\w-]))?)(?![\w-]|[.,]\d)`,
      'g',
    ),
    group: 1,
    // It does not open with another vehicle word ("VEHICLE IMPOUNDED TE12 AVE" is not "IMPOUNDED TE12"); a
    // plate that opens with a word of its own ("SUNNY 42") is still one.
    valid: (v) =>
      /\d/.test(v) && /[A-Z]/i.test(v) && v.replace(/[^A-Z0-9]/gi, '').length >= 5 && !/^(?:IMPOUNDED|PLATES?|TAG|VEHICLE|TRUCK|TRAILER|REG(?:ISTRATION)?|VRM)(?![A-Z0-9])/i.test(v) && !CLINICAL_CODE_START.test(v) &&
      // Review mend: a quantity and its unit is not a plate ("at 1400 HRS", "118 ML").
      !/^\d{3,}[ -](?:HRS?|ML|MG|MCG|KG|MM|CM|MIN|MINS|SEC|BPM|UNITS?|IU)$/i.test(v),
  },
  // Twentieth round: a licence printed with its state and kind before the number ("licence OH DL GW0V984A6",
  // "CDL TX CDL 41922207"), with the issuing office after the kind ("CDL DDS 14361"), or with its class
  // ("licence CDL-A Z07095125"): the printed prefix is part of the identifier.
  {
    kind: 'LICENSE',
    re: new RegExp(`(?<![\\w-])(?:(?:${US_STATES}|PA|MD|IN)[ \\t]+(?:DL|CDL|DDS)|(?<=(?:CDL|DL)[ \\t]+)DDS|CDL[- ][A-Z])[ \\t]+(?=(?:[A-Z-]*\\d){3})[A-Z0-9][A-Z0-9-]{4,16}(?![\\w-])`, 'g'),
    gate: /[A-Z]{2}[ \t]+(?:DL|CDL|DDS)[ \t]|DL[ \t]+DDS|CDL[- ][A-Z][ \t]/,
    priority: 0.9,
  },
  // Eighteenth round: an aircraft's registration after an aircraft word, letters only in most
  // countries ("Plane VH-FVX", "aircraft ZK-MCU", "King Air C-GMWX", "tail N266VV"): the nationality
  // prefix and its hyphen, or the American N-number. Nineteenth round: after a road vehicle's word too
  // ("car C-GZRJ", "hearse N896MU"): the shape is a registration whatever the word says it is on.
  {
    kind: 'VEHICLE',
    re: /\b(?:[Pp]lane|PLANE|[Aa]ircraft|AIRCRAFT|[Hh]elicopter|[Hh]eli|[Tt]ail|[Aa]ir [Aa]mbulance|King Air|PC-12|[Ff]lown in)\b[^\n.;]{0,16}?(?<![\w-])((?:VH|ZK|ZS|5Y|EI|OY|SE|LN|OH|TF|PH|HB|OE|EC|CS|G|C|D|F|I)-[A-Z]{3,4}|N\d{1,5}[A-Z]{0,2})(?![\w-])/g,
    group: 1,
    gate: /[Pp]lane|PLANE|[Aa]ircraft|AIRCRAFT|[Hh]elicopter|[Hh]eli|[Tt]ail|[Aa]mbulance|King Air|PC-12|[Ff]lown/,
  },
  // After a road vehicle's word only the unmistakable shapes (review mend: "Ambulance crew in N95", "Driver started
  // on G-CSF", "Driver, I-STAT K 4.1" are not registrations): a nationality prefix of two letters or C, G, D or F
  // with four letters, or an N-number of three digits or more.
  {
    kind: 'VEHICLE',
    re: /\b(?:[Cc]ar|[Vv]ehicle|[Hh]earse|fleet|[Dd]river|[Ll]ifted by|[Aa]mbulance)\b[^\n.;]{0,16}?(?<![\w-])((?:VH|ZK|ZS|5Y|EI|OY|SE|LN|OH|TF|PH|HB|OE|EC|CS)-[A-Z]{3,4}|[CGDF]-[A-Z]{4}|N\d{3,5}[A-Z]{0,2})(?![\w-])/g,
    group: 1,
    gate: /[A-Z]-[A-Z]{3}|N\d{3}/,
  },
  // Nineteenth round: a Croatian or Serbian plate and a French one are distinctive on sight too ("ZG 2002-MK",
  // "ST 835-JU": two letters, three or four digits, a hyphen, two letters; "AB-123-CD").
  { kind: 'VEHICLE', re: /(?<![\p{L}\p{N}-])(?:[A-ZČĆŠŽĐ]{2}[ ]\d{3,4}-[A-Z]{1,2}|[A-Z]{2}-\d{3}-[A-Z]{2})(?![\p{L}\p{N}-])/gu, gate: /[A-ZČĆŠŽĐ]{2}[ -]\d{3,4}-[A-Z]/u },
  // A British number plate in its current form is distinctive on sight ("CX09 KDW", "HG21 JXN"): two
  // letters, two digits, a space, three letters (not a dosing or unit abbreviation).
  {
    kind: 'VEHICLE',
    re: /(?<![\w-])[A-Z]{2}\d{2} [A-Z]{3}(?![\w-])/g,
    valid: (v) => !/ (?:AND|THE|FOR|NOT|BUT|WAS|HAS|HRS|MIN|MGS|BPM|PRN|BID|TID|QID|QHS|DAY|WKS|MOS|YRS|IVP|NOW|PER|VIA|TOT)$/.test(v),
    gate: /[A-Z]{2}\d{2} [A-Z]{3}/,
  },
  // VIN: 17 characters, no I, O or Q, mixing letters and digits.
  { kind: 'VEHICLE', re: /\b(?=[A-HJ-NPR-Z0-9]*\d)(?=[A-HJ-NPR-Z0-9]*[A-HJ-NPR-Z])[A-HJ-NPR-Z0-9]{17}\b/g },
  { kind: 'DEVICE', re: keyed('serial|S/N|SN|device\\s+id|UDI|IMEI|model\\s+serial|lot|implant\\s+id|pump\\s+id'), group: 1 },
  // Nineteenth round: a serial's or a vehicle's designator printed before the value with a space only
  // ("Monitor S/N MW80W06HXS", "pacemaker SN CX5642373", "fleet VIN 1YB9L24MY01017883") is part of the
  // identifier as printed; the placeholder's kind says what it was. With a colon it is a field's label
  // and stays ("S/N: 4410229").
  { kind: 'DEVICE', re: /(?<![\w/-])(?:S\/N|SN|IMEI|UDI)[ \t]+(?=[A-Z0-9-]{0,12}\d)[A-Z0-9][A-Z0-9-]{3,30}(?![\w-])/g, gate: /(?:S\/N|SN|IMEI|UDI)[ \t]/, priority: 0.9 },
  // Twenty-first round: a device's REF and LOT printed with their values, one after the other or alone ("Pump
  // REF 61322 LOT F33GPAMT", "LOT 2021-471T"), an account's "A/C" ("acct A/C 861459"), and a serial or lot
  // with a check letter after its digits after a serial's or lot's word or alone in a table's cell ("serial LUK
  // 516506 V", "lot VNM 768663 S"; not "CK 12450 U/L", "EPO 10000 U SC": review of the round).
  { kind: 'DEVICE', re: /(?<![\w/-])(?:REF[ \t]+(?=[A-Z0-9]{0,12}\d)[A-Z0-9]{4,20}(?![\w%-])(?:[ \t]+LOT[ \t]+(?=[A-Z0-9-]{0,12}\d)[A-Z0-9][A-Z0-9-]{3,20})?|LOT[ \t]+(?=[A-Z0-9-]{0,12}\d)[A-Z0-9][A-Z0-9-]{3,20})(?![\w-])/g, gate: /(?:REF|LOT)[ \t]+[A-Z0-9]/, priority: 0.9 },
  { kind: 'ACCOUNT', re: /(?<![\w/-])A\/C[ \t]*(?:#|no\.?)?[ \t]*\d{4,}(?![\w-]|[ \t]*(?:mg|mL|ml|g\b|mmol|%|\/|L\b))/g, gate: /A\/C/, priority: 0.9 },
  { kind: 'ID', re: /(?<=(?:[Ss]erial|[Ll]ot|LOT|[Bb]atch|S\/N)[ \t:#]{1,3}|\|[ \t]{0,3})[A-Z]{2,4}[ \t]\d{5,7}[ \t][A-Z](?=[ \t]*(?:[|),;]|$))/gm, gate: /[A-Z] \d{5,7} [A-Z]/, priority: 1.5 },
  // A Brazilian CPF ("935.056.589-56"): three dotted groups of three and two check digits.
  { kind: 'ID', re: /(?<![\w.-])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\w-]|\.\d)/g, gate: /\d{3}\.\d{3}\.\d{3}-\d/, priority: 1.4 },
  { kind: 'VEHICLE', re: /(?<![\w/-])VIN[ \t]+(?=[A-Z0-9]{0,16}\d)[A-HJ-NPR-Z0-9]{11,17}(?![\w-])/g, gate: /VIN[ \t]/, priority: 0.9 },
  // Seventeenth round: a serial printed with its own "SN" or "LOT" after the label ("S/N SN HK5379642",
  // "lot SN FK5495393"): the printed prefix is part of the number.
  { kind: 'DEVICE', re: /\b(?:serial|S\/N|lot|LOT|transmitter|Serial)[ \t]*:?[ \t]+((?:SN|LOT|REF)[ \t]?(?=[A-Z0-9]{0,3}\d)[A-Z0-9]{4,20})(?![\w-])/g, gate: /\b(?:SN|LOT|REF)[ \t]?[A-Z0-9]*\d/, group: 1 },
  {
    // A street address: number, capitalised words, a street suffix, then an optional unit.
    kind: 'LOCATION',
    // A post-directional ("4417 Juniper Ct NW #12") belongs to the street, and so does the unit after it.
    // A half house number belongs to it ("310 1/2 Tamarind Ct"); the "2" of "1/2" opens no address.
    re: new RegExp(`(?<![\\p{L}\\p{N}/])\\d{1,6}(?:-(?:\\d{1,5}|[A-Za-z]))?[A-Za-z]?(?:[ \\t]1\\/2)?\\s+(?:${CAP_WORD}\\s+){0,4}(?:${STREET_SUFFIX})s?(?![\\p{L}])\\.?(?:\\s+(?:N|S|E|W|NE|NW|SE|SW)\\.?(?![\\p{L}]))?${UNIT}`, 'gu'),
  },
  {
    // A street named without its number ("on Devon Ave", "Fulton Industrial Blvd").
    kind: 'LOCATION',
    re: new RegExp(`(?<=\\s)(?:Street|St\\.|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Highway|Hwy|Parkway|Pkwy|Terrace|Turnpike|Expressway)(?![\\p{L}])\\.?${UNIT}`, 'gu'),
    head: /(?<![\p{L}\p{N}])(?:\p{Lu}[\p{L}\p{M}'’-]*\s+){1,3}$/u,
  },
  // Eighteenth round: a county, parish or borough of several words, ordinary ones included ("Sweet Grass
  // County", "Lake of the Woods County", "Red River Parish"); not one opened by a stop word or label,
  // nor one that opens an organisation's name ("Tenmile Parish Ambulance District").
  {
    kind: 'LOCATION',
    re: /(?<![\p{L}\p{N}'’-])(?:\p{Lu}\p{Ll}+[ \t]+){1,2}(?:of[ \t]+the[ \t]+\p{Lu}\p{Ll}+[ \t]+)?(?:County|Parish|Borough)(?![\p{L}\p{N}]|[ \t]+\p{Lu})/gu,
    gate: /\p{Ll}[ \t]+(?:County|Parish|Borough)(?![\p{L}])/u,
    valid: (v) => !/^(?:The|A|An|This|That|Our|Your|His|Her|Their|Patient|Lives|Lived|From|In|At|To|Of|For|Near|Home|Address|Resident|Moved|Born|Same|Other|Each|Every|Neighbouring|Neighboring|Adjacent|Rural|Local)\s/.test(v),
  },
  // Numbered roads, with or without a house number: "Hwy 49 North", "County Road 12", "Route 9W",
  // "4410 State Rd 7", "I-95". A road number is a place, not a quantity, only after its road word.
  {
    kind: 'LOCATION',
    // Eighteenth round: a tribal, forest-service or park road ("BIA Route 7", "Forest Service Rd 4410",
    // "Park Service Road 12", "Tribal Route 15").
    re: /(?<![\p{L}\p{N}])(?:\d{1,6}\s+)?(?:(?:US|State|County|Farm(?:\s+to\s+Market)?|Forest(?:\s+Service)?|Park\s+Service|BIA|Tribal|Rural|FS|NF)\s+)?(?:Highway|Hwy|Route|Rte|Road|Rd|Interstate|I)(?:\s+|-)\d{1,4}[A-Z]?(?:\s+(?:North|South|East|West|N|S|E|W|Bypass|Business|Spur))?(?![\p{L}\p{N}])/gu,
    gate: /(?:Highway|Hwy|Route|Rte|Road|Rd|Interstate|I)(?:\s+|-)\d/,
    valid: (v) => !/^(?:I|Road|Rd)\s/.test(v),
  },
  // A house number on a road known by its abbreviation ("4410 FM 2222", "18 CR 412", "7 SR 161";
  // alone "CR 12" is a complete response) and grid addresses ("220 N 400 W", "1450 East 800 South").
  {
    kind: 'LOCATION',
    re: new RegExp(`(?<![\\p{L}\\p{N}/.-])\\d{1,6}\\s+(?:(?:FM|RM|CR|SR|SH|RR|US)[\\s-]\\d{1,4}[A-Z]?|(?:[NSEW]\\.?|North|South|East|West)\\s+\\d{1,5}\\s+(?:[NSEW]\\.?|North|South|East|West))(?![\\p{L}\\p{N}])${UNIT}`, 'gu'),
  },
  // A house number on a directional street written without its suffix ("1778 N Main", "1203 N
  // Elm", "40 W Broad"): a compass letter between a number and a Title Case word is an address.
  {
    kind: 'LOCATION',
    re: new RegExp(`(?<![\\p{L}\\p{N}/.,-])(?<!(?:^|\\s)(?:[NSEW]\\.?|North|South|East|West)\\s+)\\d{1,5}\\s+(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\\.?\\s+\\p{Lu}\\p{Ll}{2,}(?:\\s+\\p{Lu}\\p{Ll}{2,})?(?![\\p{L}\\p{N}])${UNIT}`, 'gu'),
    gate: /\d\s+(?:[NSEW]{1,2}|North|South|East|West)\.?\s+\p{Lu}/u,
    // "5 West Cardiology", "4 North Tower": a hospital unit, not a street.
    valid: (v) => !/\b(?:Tower|Wing|Unit|Pavilion|Building|Bldg|Floor|Campus|Clinic|Hall|Annex|Cardiology|Oncology|Medicine|Surgery|Telemetry|Tele|Step|Stepdown|Rehab|Psych|Ortho|Neuro|Peds|Women|Labor|Birth|Family|Med|Surg)\b/.test(v),
  },
  // Romance-language order, number first: "812 Rue Royale", "45 Calle Ocho", "10 Via Roma".
  // Seventeenth round: Italian and Irish particles ("15 Via dei Cordai", "7 Bóthar na Trá").
  { kind: 'LOCATION', re: new RegExp(`(?<![\\p{L}\\p{N}])\\d{1,6}\\s+(?:[Rr]ue|[Cc]alle|[Aa]venida|[Aa]v\\.|[Vv]ia|[Vv]iale|[Rr]ua|[Cc]hemin|[Bb]oulevard|[Cc]amino|[Cc]arrera|[Pp]laza|[Aa]ll[ée]e|[Ii]mpasse|[Qq]uai|[Pp]iazza|[Cc]arrer|[Cc]orso|[Ll]argo|[Vv]icolo|B[óo]thar|Sr[áa]id|B[óo]ithr[íi]n|Heol|Ffordd|Stryd|Lôn)(?:\\s+(?:(?:de|del|de la|des|du|da|do|dos|di|dei|degli|delle|della|dello|na|an|y|yr)\\s*)?${CAP_WORD}){1,3}${UNIT}`, 'gu') },
  // The street word first and the number after the name ("Calle Hatunrumiyoc 480", "Rua Frei Caneca 912").
  // Nineteenth round: more street words of French, Romanian, Catalan, Basque and Portuguese, an adjective
  // before "rue" ("Petite rue des Fripiers 485"), more particles ("Rua do Sol ao Rato 45"), the Romanian "nr."
  // before the number ("str. Cetății nr. 19"), and a slash in the number.
  { kind: 'LOCATION', re: new RegExp(`(?<![\\p{L}\\p{N}])(?:(?:Petite|Petit|Grande|Grand|Vieille|Haute|Basse)[ \\t]+rue|${STREET_FIRST_WORDS}|(?:Place|Avenue|Boulevard|Porte|Cours|Largo)(?=[ \\t]+(?:des|de|du|d['’]|da|do|della|di|del)[ \\t]))(?:\\s+(?:(?:de|del|de la|des|du|da|do|dos|das|di|dei|della|y|ao|à|au|aux|le|les|el|al)\\s+)?${CAP_WORD}){1,4},?\\s+(?:nr\\.?\\s*)?\\d{1,5}[A-Za-z]?(?:\\/[A-Za-z0-9]{1,4})?(?![\\p{L}\\p{N}/.-])${NOT_A_HOUSE_NUMBER}${UNIT}`, 'gu'), gate: new RegExp(`(?:rue|${STREET_FIRST_WORDS}|Place|Avenue|Boulevard|Porte|Cours|Largo)\\s`) },
  // Nineteenth round: the street word after the name, then the number, as Hungarian, Basque and English
  // written in the European order do ("Rákóczi út 88", "Kossuth Lajos utca 51", "Szent István krt. 14/B",
  // "Petőfi köz 2/A", "Atzeko kalea 14", "Asare Street 859", "Jagmeet Walk 39"), and a square, park or canal
  // word glued to the name ("Hauptplatz 6/2/9", "Bosmanpark 371", "Singel 317-II").
  {
    kind: 'LOCATION',
    re: new RegExp(`(?<![\\p{L}\\p{N}])(?:(?:\\p{Lu}[\\p{L}\\p{M}'’.-]*[ \\t]+){1,3}(?:út|utca|u\\.|krt\\.|körút|köz|tér|kalea|Street|Walk|Mall|Link|Lane|Road|Avenue|Close|Crescent|Terrace|Place|Square|Row|Mews|Wynd|Gardens)|\\p{Lu}\\p{Ll}*(?:platz|park|gasse|markt|singel|Singel))[ \\t]+\\d{1,5}[A-Za-z]?(?:[/-](?:[A-Z0-9]{1,4}|[IVX]{1,4}))*(?![\\p{L}\\p{N}]|[.,]\\d)${NOT_A_HOUSE_NUMBER}${UNIT}`, 'gu'),
    // An English street word that is also an exercise, a place or a shape ("Walk", "Row", "Place", "Square")
    // needs a name word no English dictionary knows before it ("Jagmeet Walk 39", not "Six Minute Walk 412 m").
    valid: (v) => {
      const m = /^(.*?)[ \t]+(Walk|Mall|Link|Close|Place|Square|Row|Road|Lane|Street|Avenue|Terrace|Crescent|Gardens)[ \t]+\d/u.exec(v);
      return !m || m[1].split(/[ \t]+/).some((w) => !isEnglishWord(w.toLowerCase().replace(/[.'’]/g, '')) && !isMedicalTerm(w.toLowerCase()));
    },
    gate: /(?:út|utca|u\.|krt\.|körút|köz|tér|kalea|Street|Walk|Mall|Link|Lane|Road|Avenue|Close|Crescent|Terrace|Place|Square|Row|Mews|Wynd|Gardens|platz|park|gasse|markt|singel|Singel)[ \t]+\d/,
  },
  // Nineteenth round: an exit before its road ("exit 37 off I-80 eastbound"), a junction of two roads
  // ("junction of FM 1431 and Ranch Road 2243"), a grid reference with its label ("grid ref NN 166 712"),
  // and a kilometre of a named road ("kilometre 63 of the Transfăgărășan").
  {
    kind: 'LOCATION',
    re: new RegExp(`(?<![\\p{L}\\p{N}])[Ee]xit[ \\t]\\d{1,3}[A-Z]?[ \\t]+(?:off|on|of|from)[ \\t]+(?:the[ \\t]+)?${ROADSIDE_ROAD}(?:[ \\t]+(?:east|west|north|south)bound)?(?![\\p{L}\\p{N}])`, 'gu'),
    gate: /[Ee]xit[ \t]\d/,
  },
  {
    kind: 'LOCATION',
    re: new RegExp(`(?<![\\p{L}])(?:[Jj]unction|[Ii]ntersection|[Cc]orner)[ \\t]+of[ \\t]+${ROADSIDE_ROAD}[ \\t]+(?:and|&)[ \\t]+${ROADSIDE_ROAD}(?![\\p{L}\\p{N}])`, 'gu'),
    gate: /(?:unction|ntersection|orner)[ \t]+of[ \t]/,
  },
  { kind: 'LOCATION', re: /\b[Gg]rid[ \t]+ref(?:erence)?\.?[ \t]*:?[ \t]*[A-Z]{1,2}[ \t]?\d{2,5}[ \t]?\d{2,5}(?![\w])/g, gate: /[Gg]rid[ \t]+ref/, priority: 0.95 },
  {
    kind: 'LOCATION',
    re: /(?<![\p{L}])(?:[Kk]ilomet(?:re|er)|km)[ \t]\d{1,4}(?:\.\d)?[ \t]+(?:of|on|along)[ \t]+(?:the[ \t]+)?\p{Lu}[\p{L}\p{M}'’-]+(?:[ \t]\p{Lu}[\p{L}\p{M}'’-]+)?/gu,
    gate: /(?:ilomet(?:re|er)|km)[ \t]\d/,
  },
  // European order: "Marc-Chagall-Str. 75", "Sağlık Sokak 562".
  {
    kind: 'LOCATION',
    re: new RegExp(`(?<![\\p{L}])[\\p{Lu}][\\p{L}-]{0,63}(?:str\\.|straße|strasse|weg|laan|straat|plein|\\s+Sokak|\\s+Caddesi)\\s+\\d{1,5}[a-z]?${UNIT}`, 'gu'),
    gate: /(?:str\.|straße|strasse|weg|laan|straat|plein|Sokak|Caddesi)\s+\d/,
  },
  { kind: 'LOCATION', re: /\b(?:P\.?\s?O\.?\s+Box|POB|Post\s+Office\s+Box|Postfach|Apartado|Caixa\s+Postal|Boîte\s+Postale)\s+\d+\b/gi },
  // Highway mile markers used as an address ("Mile Marker 212"); not "MM", which is millimetres or myeloma.
  { kind: 'LOCATION', re: /\b(?:[Mm]ile [Mm]arker|MILE MARKER)\s?\d{1,4}(?:\.\d)?\b/g },
  // Seventeenth round: a roadside place, the marker with its road ("mile marker 41 on Route 9", "mile
  // 212 of the Dalton Highway", "MM 43 on US-191", "SR 264 MP 397", "Hwy 36 near mile 88", "I-25 exit
  // 166"): "MM" and "MP" only beside a road.
  {
    kind: 'LOCATION',
    re: new RegExp(`(?<![\\p{L}\\p{N}])(?:${ROADSIDE_MILE}[ \t]+(?:(?:on|of|along|past|near|at)[ \t]+(?:the[ \t]+)?)?${ROADSIDE_ROAD}|${ROADSIDE_ROAD},?[ \t]+(?:(?:near|at|past|by)[ \t]+)?(?:${ROADSIDE_MILE}|[Ee]xit[ \t]\\d{1,3}[A-Z]?))(?![\\p{L}\\p{N}])`, 'gu'),
    gate: /(?:[Mm]ile|MILE|[Mm]arker|MARKER|MM|MP|[Mm]ilepost|[Ee]xit)[ \t]?\d/,
  },
  // Scandinavian and Polish street forms ("Åkervägen 737", "Storgatan 12", "os. Siedlecki 38a", "ul. Lipowa 5").
  // Also Dutch "-dijk"/"-straat", a separate Nordic "Väg"/"Gata"/"Vej" ("Nordins Väg 313", "Luukdijk 155 I").
  { kind: 'LOCATION', re: /(?<![\p{L}])(?:\p{Lu}[\p{Ll}]{1,40}(?:vägen|gatan|gata|vej|veien|vegen|gade|torget|dijk|straat|gracht|kade|singel|tie|katu|kuja|polku|tänav|gatvė|iela)|\p{Lu}[\p{Ll}]{1,40}[ \t]g\.|\p{Lu}[\p{Ll}]{1,40}s?\s(?:Väg|Gata|Vej|Gade|Vei|Veg|Allé)|(?:ul|os|al|pl)\.\s\p{Lu}[\p{L}-]{1,40})\s\d{1,4}[a-z]?(?:-\d{1,4}|\/\d{1,4}[a-z]?|\s[A-Z]\s\d{1,3})?(?:\s(?:I{1,3}|IV|hg|huis|bis))?(?:,?\s(?:\d{1,2}|st)\.\s?(?:tv|th|mf)\.?(?![\p{L}])|\slgh\s?\d{3,4})?(?![\p{L}\p{N}])/gu, gate: /vägen|gatan|gata|vej|veien|vegen|gade|torget|dijk|straat|gracht|kade|singel|tie\s\d|katu|kuja|polku|tänav|gatvė|iela|\sg\.\s\d|Väg|Gata|Vej|Gade|Vei|Veg|Allé|(?:ul|os|al|pl)\.\s/ },
  // Wisconsin grid addresses: "W163 N9876 Mill Rd", "N4410 County Rd K".
  { kind: 'LOCATION', re: new RegExp(`(?<![\\p{L}\\p{N}])[NSEW]\\d{1,4}\\s+[NSEW]\\d{2,5}(?:\\s+${CAP_WORD}){1,3}`, 'gu'), gate: /[NSEW]\d{1,4}\s+[NSEW]\d/ },
  // Rural addresses: "HC 64 Box 221", "RR 2 Box 118", "Route 3 Box 41", "Star Route 1, Box 9".
  { kind: 'LOCATION', re: /\b(?:HC|H\.C\.|RR|R\.R\.|Rural\s+Route|Star\s+Route|Route|Rte\.?)\s*\d{1,3}\s*(?:,\s*)?Box\s*\d{1,5}[A-Z]?\b/gi },
  { kind: 'LOCATION', re: /\b(?:Rural|Star)\s+Route\s+\d{1,3}\b/gi },
  // A street written in capitals ("4410 SAGEBRUSH FLATS RD", "12 N ELM ST APT 3"): a number, one to
  // three words in capitals and a USPS suffix in capitals.
  {
    kind: 'LOCATION',
    re: new RegExp(`(?<![\\p{L}\\p{N}])\\d{1,6}[A-Z]?\\s+(?:[NSEW]\\.?\\s+)?(?:[A-Z][A-Z'’-]+\\s+){1,3}(?:${STREET_SUFFIX.toUpperCase().replace(/S\?/g, 'S?')})(?![\\p{L}])\\.?(?:\\s+(?:N|S|E|W|NE|NW|SE|SW)(?![\\p{L}]))?${UNIT}`, 'gu'),
    // One reading of a capital run only ("[A-Z]{2,}[A-Z'’-]*" tried every split of a 50,000-capital run: 1.4 s).
    gate: /\d\s+(?:[NSEW]\.?\s+)?[A-Z][A-Z'’-]+\s+[A-Z]/,
  },
  { kind: 'LOCATION', re: /\b(?:Apt|Apartment|Unit|Suite|Flat)\.?\s*(?:#\s*)?\d+[A-Z]?\b/g },
  // "Springfield, IL 62704": the city before a state code and ZIP.
  {
    kind: 'LOCATION',
    re: /\b((?:[A-Z][a-z]+[ -]){0,2}[A-Z][a-z]+),\s*(?:[A-Z]{2}|[A-Z][a-z]+)\.?\s+\d{5}(?:-\d{4})?\b/g,
    group: 1,
  },
  // A pattern that opens with a look-behind is tried at every position: gated by the code and number together.
  { kind: 'ZIP', re: /(?<=\b[A-Z]{2}\.?,?\s{1,2})\d{5}(?:-\d{4})?\b/g, gate: /[A-Z]{2}\.?,?\s{1,2}\d{5}/ },
  // Australian postcodes after the state ("Tennant Creek NT 0860", "Bunbury, WA 6230").
  { kind: 'ZIP', re: /(?<=\b(?:NSW|VIC|QLD|SA|WA|TAS|NT|ACT|Vic|Qld|Tas)\.?,?\s{1,2})\d{4}(?!\d|[.,:/-]\d)/g, gate: /(?:NSW|VIC|QLD|SA|WA|TAS|NT|ACT|Vic|Qld|Tas)\.?,?\s{1,2}\d{4}/ },
  // "Temple, TX", "Springfield, Illinois": a city before its state even without a ZIP (not "MD"
  // or "PA", which follow names as credentials far more often).
  // "ED, OR, ICU" is a list of acronyms: a "state" followed by another acronym is not one.
  {
    kind: 'LOCATION',
    re: new RegExp(`,[ ](?:${US_STATES})(?![\\p{L}])(?!\\s*,\\s*(?!USA?\\b)\\p{Lu}{2,6}s?(?![\\p{L}\\p{N}]))`, 'gu'),
    head: /(?:\p{Lu}[\p{L}'’.-]+[ -]){0,2}\p{Lu}[\p{L}'’.-]+$/u,
    headOnly: true,
  },
  { kind: 'ZIP', re: /\b(?:zip|zip\s*code|postal\s*code|postcode|PLZ)(?![a-z])\s*(?::\s*)?([A-Z0-9]{3,5}(?:[- ]?[A-Z0-9]{3,4})?)\b/gi, group: 1 },
  // UK postcodes and Canadian postal codes are distinctive enough to match on sight.
  { kind: 'ZIP', re: /\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b/g },
  { kind: 'ZIP', re: /\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b/g },
  // An Irish Eircode ("D09 K2R6"), a Dutch postcode ("5038 EB") and a Polish one ("81-701") after a
  // capitalised town: distinctive in that place, and each part of the address.
  { kind: 'ZIP', re: /\b(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?[0-9AC-FHKNPRTV-Y]{4}\b/g, valid: (v) => /\d/.test(v.slice(-4)) && /[A-Z]/.test(v.slice(-4)) },
  // Gated by the code after a lower-case letter: the look-behind was tried at every position of every note.
  { kind: 'ZIP', re: /(?<=\p{Lu}[\p{Ll}\p{M}]+,?[ \t])(?:[1-9]\d{3}[ \t]?[A-Z]{2}|\d{2}-\d{3})(?=[ \t]*(?:[,;)]|$))/gmu, gate: /[\p{Ll}\p{M}],?[ \t](?:[1-9]\d{3}[ \t]?[A-Z]{2}|\d{2}-\d{3})/u },
  { kind: 'ID', re: /(?<![\w.-])#\s?\d{5,}\b/g, priority: 1.5, gate: /#/ },
  // Any run of 5+ digits, and digit groups joined by dashes with 7+ digits in all: record numbers
  // in whatever form (a number that long is an identifier far more often than a lab value).
  // Not inside a lower-case hexadecimal key ("10624675ed6f620cfc55": a pseudonymous key of the reporting
  // views, which a placeholder in its middle would corrupt for the model and the user).
  { kind: 'ID', re: /(?<![\d.,a-z])\d{5,}(?![\d]|[.,]\d|[a-z]|[A-Z][A-Za-z0-9])/g, priority: 1.6 },
  // With a check digit after the last hyphen too ("Donor no. 8973-4216-8").
  { kind: 'ID', re: /(?<![\w-])\d{2,}(?:[-/]\d{2,}){1,4}(?:-\d)?(?![\w-])/g, valid: (v) => v.replace(/\D+/g, '').length >= 7 || (v.split(/[-/]/).length >= 3 && !/(?<!\d)\d$/.test(v)), priority: 1.6 },
  // Letters and digits mixed in one code with 4+ digits ("GLV358199", "HA-2291-0047", "7XKT294").
  {
    kind: 'ID',
    re: /(?<![\w-])(?=[A-Z0-9-]*[A-Z])[A-Z0-9]+(?:-[A-Z0-9]+)*(?![\w-])/g,
    valid: (v) => v.replace(/\D+/g, '').length >= 4 && /\d[A-Z]|[A-Z]\d/.test(v.replace(/-/g, '')),
    // What valid() asks for, a digit beside a capital (across at most one hyphen), somewhere in the text.
    gate: /[A-Z]-?\d|\d-?[A-Z]/,
    priority: 1.6,
  },
  // Eighteenth round: a short capital prefix glued to a long number by a slash or a dot ("ZP/06696483",
  // "W24.403798", "L06.296588": an ICD-10 code has at most four characters after its dot), and a
  // code of capitals and digits after a bare "ID" ("listing ID AZR446").
  { kind: 'ID', re: /(?<![\w./-])[A-Z]{1,4}\d{0,3}[/.]\d{5,12}(?![\w]|[./]\d)/g, gate: /[A-Z]\d{0,3}[/.]\d{5}/, priority: 1.4 },
  { kind: 'ID', re: /\bID[ \t]*[:#]?[ \t]*((?=[A-Z]{0,11}\d)(?=\d{0,11}[A-Z])[A-Z0-9]{5,12})(?![\w-])/g, group: 1, gate: /ID/, valid: (v) => !CLINICAL_CODE_WORD.test(v) },
  // Digits in groups joined by dots, one of four or more ("844.1113.7793.59", a Swiss AHV-style number;
  // an IP address has at most three digits a group), and a group and member number written together
  // with their labels ("GRP 103394 / MBR 085055923"), which are part of the identifier as printed.
  { kind: 'HEALTH_PLAN', re: /(?<![\w.])\d{2,4}(?:\.\d{2,6}){2,4}(?![\w]|\.\d)/g, gate: /\d\.\d{4}/, valid: (v) => v.replace(/\D+/g, '').length >= 10 && /\d{4}/.test(v), priority: 1.4 },
  { kind: 'HEALTH_PLAN', re: /\b(?:GRP|Grp|GROUP|Group)[ \t]*#?[ \t]*[A-Z0-9-]{3,14}[ \t]*\/[ \t]*(?:MBR|Mbr|MEMBER|Member)[ \t]*#?[ \t]*[A-Z0-9-]{3,16}(?![\w-])/g, gate: /MBR|Mbr|MEMBER|Member/, priority: 1.3 },
  // GS1 device identifiers: "(01)00844588003288(17)141120(10)7654321D(21)10".
  { kind: 'DEVICE', re: /\(01\)\d{14}(?:\(\d{2}\)[A-Z0-9]+)*/g },
  // A GS1 element string without its (01) device code: serial (21), lot (10), expiry (17) or
  // production date (11) in brackets before the value ("serial (21)8073979752", "(10)A7731(21)55").
  { kind: 'DEVICE', re: /(?<![\w)])\((?:10|11|17|21)\)[A-Za-z0-9-]{4,20}(?:\(\d{2}\)[A-Za-z0-9-]{1,20})*(?![\w-])/g },
  // A bare extension ("at x4521", "ext. 204") and a store or room number ("CVS #4471").
  { kind: 'PHONE', re: /(?<![\w])(?:x\d{3,5}|(?:ext\.?\s?|extn\.?\s?|poste\s)\d{2,5})\b/g },
  { kind: 'ID', re: /(?<![\w#])#\s?\d{3,}\b/g, priority: 1.6, gate: /#/ },
  {
    // Keyed numbers written in groups with spaces: "Policy BXH 88213 4410", "Insurance MCR 4TY7-KL2-PQ88".
    kind: 'HEALTH_PLAN',
    re: /\b(?:[Ii]nsurance|[Pp]olicy|[Mm]ember(?:\s+ID)?|[Mm]edicare|[Mm]edicaid|[Pp]lan|[Ss]ubscriber(?:\s+ID)?|[Gg]roup|BCBS)\s*(?:(?:ID|#|no\.?|number)\s*)?(?:[:#]\s*)?([A-Z0-9][A-Z0-9-]*(?: [A-Z0-9][A-Z0-9-]*){1,3})(?![\w-])/g,
    group: 1,
    valid: (v) => v.replace(/\D+/g, '').length >= 4,
  },
  // 7-digit local numbers with a space ("555 0147") after a phone word.
  { kind: 'PHONE', re: /\b(?:ph(?:one)?|tel|cell|mobile|call(?:back)?|number|no\.?|#)[:.]?\s*(\d{3}[\s.]\d{4})(?![\d-])/gi, group: 1, gate: /\d{3}[\s.]\d{4}/ },
  // A short code in capitals written before its number belongs to it ("SN 441092771", "HAR 44102291",
  // "CSN 4410 2291"): the number alone would leave the code's letters, which are part of the identifier.
  {
    kind: 'ID',
    re: /(?<![\w-])([A-Z]{2,4}) (\d{4,}(?: \d{4,})?)(?![\w-])/g,
    valid: (v) => v.replace(/\D+/g, '').length >= 7 && !FIELD_LABEL_CODE.test(v) && !/^(?:NPI|DEA|DL|VIN)\b/.test(v),
    priority: 1.4,
  },
  // Nineteenth round: the same after a label, where the code is printed with the number rather than
  // naming the field ("licence CDL U94183898", "photo ID NPI 8737800798", "Cert. no. ICVP GH 4533915",
  // "Medicare ESRD no. TAJ 520-096-371", "HEF 27-118843", "TIS ARET 400812 93", "book ЭДД 0311847"):
  // one or two codes of capitals in any script, then a value with five digits or more, in groups or
  // glued to letters. A field's own label (MRN, SSN, DOB, phone) is not taken with it.
  {
    kind: 'ID',
    re: /(?<![\p{L}\p{N}/-])((?:\p{Lu}{2,5}[ \t]){1,2})((?=[A-Z0-9-]{0,4}\d)[A-Z0-9]{1,12}(?:-[A-Z0-9]{1,12}){0,3}(?:[ \t]\d{2,6}(?![ \t]\d))?)(?![\p{L}\p{N}-]|[.,]\d)/gu,
    gate: /\p{Lu}{2}[ \t](?:\p{Lu}{2,5}[ \t])?[A-Z0-9-]{0,4}\d/u,
    // Not a state and its ZIP code ("TX 78905-9417"), nor a model's two letters before its serial ("Alaris GP
    // XZE466055S": two letters alone before a code of letters and digits are the model's).
    valid: (v) => v.replace(/\D+/g, '').length >= 6 && !FIELD_LABEL_CODE.test(v) && !CLINICAL_CODE_START.test(v) && !/^[A-Z]{2}[ \t]\d{5}(?:-\d{4})?$/.test(v) && !/^[A-Z]{2}[ \t][A-Z0-9]*[A-Z][A-Z0-9]*$/.test(v) &&
      // Review mend: no code word may be a test, an assay, a catalogue, a standard or a currency ("HIV RNA 250000
      // copies", "CK 125000 U/L", "OMIM 219700", "EN ISO 11135-1", "PHP 500000").
      !v.split(/[ \t]+/).slice(0, -1).some((w) => NOT_A_PRINTED_CODE.test(w) || isMedicalTerm(w.toLowerCase())) && !/^(?:ICD|CPT|LOINC|SNOMED|HCPCS|NDC|ATC|HLA|ECOG|NYHA|GCS|EDSS)\b/.test(v),
    priority: 1.3,
  },
  // A plan or member number with its asterisk suffix ("Y03652887*03", "N83372902*03"): the suffix is
  // part of the number as printed.
  { kind: 'HEALTH_PLAN', re: /(?<![\w*])[A-Z]{0,3}\d{5,12}\*\d{1,3}(?![\w*])/g, gate: /\d\*\d/, priority: 1.3 },
  // Twelve or sixteen digits in groups of four ("4471 2286 0193": an Aadhaar number, a card): no phone is
  // written so; a row of years ("2019 2020 2021") is not one.
  {
    kind: 'ID',
    re: /(?<![\w.,/+:-]|\d[ \t])\d{4}(?:[ \t]\d{4}){2,3}(?![\w/:-]|[.,]\d|[ \t]\d)/g,
    gate: /\d{4} \d{4} \d{4}/,
    valid: (v) => !v.split(/[ \t]/).every((g) => /^(?:19|20)\d\d$/.test(g)),
    priority: 1.4,
  },
  // Twenty-first round: a card or member number in three to five groups of four to six digits, one of them of
  // six ("80620 10256 4900 634578"): no phone, time or measurement row is written so.
  {
    kind: 'ID',
    re: /(?<![\w.,/+:-]|\d[ \t])\d{4,6}(?:[ \t]\d{4,6}){2,4}(?![\w/:-]|[.,]\d|[ \t]\d)/g,
    gate: /\d{4,6} \d{4,6} \d{4}/,
    // A group of six digits at least: a row of lab values or counts has none ("CK trend 12450 8630 4215 2107").
    valid: (v) => v.split(/[ \t]/).some((g) => g.length >= 6) && v.replace(/\D/g, '').length >= 14,
    priority: 1.3,
  },
  // Twentieth round: a plan or member number in groups of four with a shorter last group, after a payer's
  // or a plan's word ("Tamarind Mutual 9795 9530 02", "hearing benefit 1105 5171 03", "Welfare Fund 9038 6830 89");
  // without one it is a row of volumes, times or years ("I/O 2400 1850 550", "0600 1200 18 units"; review of the round).
  {
    kind: 'ID',
    re: /(?<=(?:[Pp]lan|[Mm]ember|[Pp]olicy|[Cc]laim|[Bb]enefits?|[Cc]over|[Ii]nsurance|[Ii]nsurer|[Mm]utual|[Ff]und|[Cc]ard|[Ss]cheme|Medicaid|Medicare|ID|[Nn]o\.?|[Nn]umber|#)(?:[ \t]|[,:][ \t]|[ \t][^\n\d]{1,20}[ \t]))\d{4}[ \t]\d{4}[ \t]\d{2,3}(?![\w/:-]|[.,]\d|[ \t]\d)/g,
    gate: /\d{4} \d{4} \d\d(?!\d)/,
    priority: 1.4,
  },
  // 7-digit local numbers with a space ("717 3992") after a word that sends a message or a dash.
  { kind: 'PHONE', re: /(?:\b(?:to|at|or|text|texts|call|dial|reach|via|cell|home|work)|[—–(]|\s-)\s*([2-9]\d{2} \d{4})(?![\d,/-]|\.\d|\s?(?:mg|mcg|ml|mL|units?|cells|x\b|%))/gi, group: 1, gate: /[2-9]\d{2} \d{4}/ },
  // Prefixed ids written as one token (MRN-559021, H44829103, GX-2024-11873): 5+ digits keeps
  // medical names like BRCA2, PHQ-9 or COVID-19 out.
  {
    kind: 'ID',
    re: /(?<![\w-])[A-Z]{1,5}-?\d+(?:[-/][A-Z0-9]+)*(?![\w-])/g,
    valid: (v) => v.replace(/\D+/g, '').length >= 5,
    priority: 1.5,
  },
];

// Ages over 89 (Safe Harbor), in digits or words; the number alone is reported and deidentify()
// writes "90+".
const ONES = 'one|two|three|four|five|six|seven|eight|nine';
/** An age in digits or words ("93", "ninety-three", "a hundred and one"), captured. */
export const AGE_NUMBER = `(\\d{2,3}|ninety(?:[- ](?:${ONES}))?|(?:one|a)[- ]hundred(?:[- ](?:and[- ])?(?:${ONES}|ten|eleven|twelve))?)`;
const AGE_IN_BRACKETS_PATTERNS: RegExp[] = [
  // A number in brackets after a date of birth ("DOB 03/02/1931 (93)", "born 30.06.1932 (91)"), after
  // "alive" or "living" in a family history ("I-2 … — alive, (90)"), or before a sex ("S: (91) male"):
  // an age.
  new RegExp(`\\b(?:DOB|D\\.O\\.B\\.?|born|date\\s+of\\s+birth)(?![\\p{L}])[^\\n()]{0,30}\\(\\s*${AGE_NUMBER}(?=\\s*(?:y|yo|yrs?|years?)?\\s*\\))`, 'giu'),
  new RegExp(`\\b(?:alive|living|still\\s+living)\\s*,?\\s*\\(\\s*(?:age\\s*:?\\s*)?${AGE_NUMBER}(?=\\s*(?:y|yo|yrs?|years?)?\\s*\\))`, 'gi'),
  new RegExp(`\\(\\s*${AGE_NUMBER}\\s*\\)(?=\\s*,?\\s*(?:male|female|man|woman|gentleman|lady|M|F)\\b)`, 'gi'),
];
// The patterns that read an age in words only, skipped in a text without "ninet", "hundred" or
// "-genarian"/"centenarian" (AGE_IN_WORDS_GATE); named here rather than told apart by their source.
const AGE_WORDS = AGE_NUMBER.replace('\\d{2,3}|', '');
const NONAGENARIAN = /\b((?:super)?centenarian|nonagenarian)s?\b/gi;
const AGE_IN_WORDS_IN_BRACKETS = new RegExp(`\\(\\s*${AGE_WORDS}(?=\\s*(?:y|yo|yrs?|years?(?:\\s+old)?)?\\s*\\))`, 'gi');
const AGE_IN_WORDS_ALONE = new RegExp(
    `(?<![\\p{L}\\p{N}$£€-])${AGE_WORDS}(?![\\p{L}\\p{N}-]|-(?!year)|[\\s-]+(?:and|${ONES}|ten|eleven|twelve|hundred|thousand|million|billion)\\b|\\s*(?:%|°|\\/|x\\b|(?:-\\s*)?(?:[a-z]+\\s+)?(?:mg|mcg|g|kg|ml|mL|L|cc|units?|IU|mmol|mmHg|cm|mm|metres?|meters?|m|km|feet|foot|ft|inch(?:es)?|yards?|miles?|pounds?|lbs?|ounces?|oz|percent|per\\b|degrees?|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|wks?|months?|times|beats|bpm|breaths|steps|doses?|tablets?|tabs?|pills?|capsules?|puffs?|drops?|sprays?|patients?|people|persons|cases|visits|calls|cigarettes|packs?|drinks?|dollars?|euros?|pence|cents?|points?|questions?|items?|pages?|words|sessions?|cycles?|counts?|cells|copies|reps|repetitions|seats|beds|staff)\\b))`,
    'giu',
  );
// Patterns of AGE_PATTERNS with a word or an ordinal they cannot match without, tried only in a text
// that has it (AGE_GATES: each gate is a part of its pattern, with the pattern's flags).
const ORDINAL_AGE = /\bage\s*:?\s*((?:9\d|1[0-2]\d)(?:st|nd|rd|th))(?![\p{L}\p{N}])/giu;
const AGED_HUNDRED = new RegExp(`\\b(?:aged?|age:)\\s*(hundred(?:[- ](?:and[- ])?(?:${ONES}|ten|eleven|twelve))?)(?![\\p{L}])`, 'giu');
const BIRTHDAY_AGE = /\b(9\d|1[0-2]\d)(?=(?:st|nd|rd|th)\s+birthday)/gi;
const AGE_AT_DEATH = new RegExp(`\\b(?:lived\\s+(?:to|until)(?:\\s+(?:age|be))?|died\\s+at(?:\\s+age)?|passed(?:\\s+away)?\\s+at(?:\\s+age)?|celebrated\\s+(?:his|her|their))\\s+${AGE_NUMBER}(?:st|nd|rd|th)?(?![\\w%°]|\\.\\d|\\s*(?:%|mg|kg|lbs?|cm|bpm|\\/))`, 'gi');
const AGE_DECADE = /\b(?:in|into|entering)\s+(?:his|her|their|the)\s+(?:early|mid|mid-|late)?\s*((?:9|1[01])0['’]?s|nineties)\b/gi;
const AGE_GATES = new Map<RegExp, RegExp>([
  [ORDINAL_AGE, /(?:9\d|1[0-2]\d)(?:st|nd|rd|th)/iu],
  [AGED_HUNDRED, /hundred/iu],
  [BIRTHDAY_AGE, /(?:st|nd|rd|th)\s+birthday/i],
  [AGE_AT_DEATH, /lived|died|passed|celebrated/i],
  [AGE_DECADE, /(?:9|1[01])0['’]?s|nineties/i],
]);
const AGE_PATTERNS: RegExp[] = [
  new RegExp(`(?<![\\w.])${AGE_NUMBER}(?=\\s*(?:-\\s*)?(?:years?|yrs?|yr?s?\\.?|y\\/o|y\\.o\\.?|yo|yoa|yof|yom|year-old|yr-old)(?![a-z]))`, 'gi'),
  new RegExp(`(?<![\\w.])${AGE_NUMBER}(?=\\s*(?:[MF]|yo[mf]?)\\b)`, 'g'),
  // "Age/Sex: 95/F", "95 / male"
  new RegExp(`(?<![\\w./])${AGE_NUMBER}(?=\\s?\\/\\s?(?:[MF]|male|female)\\b)`, 'gi'),
  new RegExp(`\\b(?:aged?|age:|age\\s+of|turned|turns|turning)\\s*${AGE_NUMBER}(?![\\w]|\\.\\d)`, 'gi'),
  // An ordinal after an age label ("Age: 105th", "Age 92nd") and "aged hundred and five" without its article.
  ORDINAL_AGE,
  AGED_HUNDRED,
  // A birthday of 90 or more ("her 94th birthday", "the 100th birthday party").
  BIRTHDAY_AGE,
  // The words for a person in their nineties or over a hundred ("a nonagenarian", "centenarian").
  NONAGENARIAN,
  // A sex then the age: "(F, 93)", "F/93", "Sex/Age: M/97".
  new RegExp(`(?:\\(\\s*(?:[MF]|male|female)\\s*,\\s*|(?<![\\w/])(?:[MF]|male|female)\\s*\\/\\s*)${AGE_NUMBER}(?![\\w/%]|\\.\\d)`, 'gi'),
  // An age label with words before its colon: "Age at death: 102", "Age in years: 95", "Age on admission: 91".
  new RegExp(`\\bage\\s+(?:at|in|on|when)\\s+[a-z]+(?:\\s+[a-z]+)?\\s*:\\s*${AGE_NUMBER}(?![\\w]|\\.\\d)`, 'gi'),
  // "at 101 she still gardens", "at ninety-four he": an age before the person it is said of.
  new RegExp(`\\bat\\s+${AGE_NUMBER}\\s*,?\\s+(?=(?:she|he|they)\\b)`, 'gi'),
  // Other languages' units: 92岁 / 92歳 / 92세 / 92살 / 92 tuổi / 92 años / 92 ans / 92 anos / 92 Jahre / 92 года / 92 лет / 92 yaşında.
  /(?<![\d.])(\d{2,3})(?=\s?(?:岁|歲|歳|세|살)|\s(?:tuổi|años|anos|ans|anni|jaar|Jahre|jähriger?|года|лет|yaşında|yaş|lat)(?![\p{L}]))/gu,
  // Eighteenth round: more languages' units, and the German and Dutch abbreviations ("98 J.", "96 år",
  // "92 éves", "91 let", "95 rokov", "93 godina", "94 ετών", "97 ani", "92 urte", "90 taon", "91 tahun",
  // "92 vuotta", "93 ára", "91 tau", "96 oed"; not the English "let", "Jr." or "v."), and the Indonesian and Malay decade ("90-an").
  /(?<![\d.])(9\d|1[0-2]\d)(?=\s(?:J\.|god\.|godinu|нас(?:тай|ны)?|år|ár|ára|éves|év|roků|rokov|rokiem|godina|godine|ετών|χρονών|ani|urte|taon|tahun|vuotta|aastane|metų|gadi|vjeç|anys|tau|oed|mwydd)(?![\p{L}])|-an(?![\p{L}]))/gu,
  // An age word before the number in other languages ("umur 92", "umri miaka 92", "edad: 93", "Alter 94",
  // "âge 95", "età 96", "leeftijd 91", "wiek 92", "věk 93", "ålder 94", "ikä 95", "kor 96").
  /(?<![\p{L}])(?:[Uu]mur|[Uu]mri(?:\s+miaka)?|[Mm]iaka|[Ee]dad|[Ii]dade|[ÂâAa]ge|[Aa]lter|[Ee]tà|[Ll]eeftijd|[Ww]iek|[Vv]ěk|[Vv]ek|[Åå]lder|[Aa]lder|[Ii]kä|[Kk]or|[Ee]letkor|[Vv]ârsta|[Dd]ob(?=\s*:?\s*9)|[Ee]dat|[Aa]dina)\s*:?\s*(9\d|1[0-2]\d)(?![\p{L}\p{N}]|[.,]\d)/gu,
  // "Resident (98) found", "Her mother, 100, lives alone": an appositive number after a person word.
  new RegExp(`\\b(?:pt|patient|resident|decedent|client|member|mother|father|mom|dad|grandmother|grandfather|grandma|grandpa|husband|wife|aunt|uncle|sister|brother|widow|widower|veteran|man|woman|gentleman|lady|female|male)\\s*(?:\\(\\s*|,\\s*)${AGE_NUMBER}(?=\\s*\\)|\\s*,\\s*\\p{L})`, 'giu'),
  // "DOB 03/14/1931 (ninety-four)": an age over 89 in words, alone in parentheses.
  AGE_IN_WORDS_IN_BRACKETS,
  ...AGE_IN_BRACKETS_PATTERNS,
  // "great-grandmother (now 93)", "(currently 95)": an age said in passing, in parentheses.
  new RegExp(`\\(\\s*(?:now|currently|presently|age|aged)\\s*:?\\s*${AGE_NUMBER}(?=\\s*(?:y|yo|yrs?|years?)?\\s*\\))`, 'gi'),
  // "lived to 99", "died at 101", "passed away at ninety-four", "celebrated her 100th": an age at death or a birthday.
  AGE_AT_DEATH,
  // "in her 90s", "in his late nineties", "a man in his 100s": the decade of an age over 89 (Safe Harbor
  // folds it into "90 or older" too).
  AGE_DECADE,
  // An age over 89 written in words stands for an age wherever it is not counting something
  // ("| ninety-four |", "(ninety-eight!)", "Janiak, Izolda one hundred and one"): notes write
  // measurements in digits, so only a unit, a count noun or a sign after it makes it a quantity
  // ("ninety minutes", "a hundred and ten mg", "ninety-day supply", "one hundred percent").
  AGE_IN_WORDS_ALONE,
  // Twenty-first round: an age as the ordinal of the year a person is in ("in her ninety-fifth year", "in his
  // hundredth year"), and the number after a word for the decade ("nonagenarian, 96").
  /\bin\s+(?:his|her|their)\s+((?:ninety|(?:one|a)?\s?hundred(?:\s+and)?)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)|ninetieth|(?:one\s)?hundredth)\s+year\b/gi,
  /\b(?:nonagenarian|centenarian|supercentenarian),?[ \t]+(\d{2,3})(?![\w%]|\.\d|[ \t]*(?:%|kg|mg|g\b|mL|lbs?|enrolled|patients|cases|percent))/gi,
  /\bin\s+(?:his|her|their)\s+(\d{2,3})(?:st|nd|rd|th)\s+year\b/gi,
  // "Pt is 96", "grandmother is ninety-one", "she was 101": a person said to be a number (not "HR is 96 bpm").
  new RegExp(
    `\\b(?:pt|patient|he|she|mother|father|mom|dad|grandmother|grandfather|grandma|grandpa|husband|wife|aunt|uncle|sister|brother|resident|who)(?:\\s+(?:is|was|turned|turns|is now|was now)|['’]s)\\s+${AGE_NUMBER}(?![\\w%°]|\\.\\d|\\s*(?:%|mg|mcg|kg|lbs?|cm|mm|bpm|beats|breaths|percent|degrees|mmHg|\\/))`,
    'gi',
  ),
];

/** The patterns of AGE_PATTERNS that read an age in brackets after a birth date, "alive" or before a sex. */
const AGE_IN_BRACKETS = new Set(AGE_IN_BRACKETS_PATTERNS);
/** The patterns of AGE_PATTERNS that read an age in words only. */
const AGE_IN_WORDS_ONLY = new Set([NONAGENARIAN, AGE_IN_WORDS_IN_BRACKETS, AGE_IN_WORDS_ALONE]);

export function ageValue(v: string): number {
  if (/^\d+$/.test(v)) return +v;
  if (/^nonagenarian$/i.test(v)) return 90;
  if (/^(?:super)?centenarian$/i.test(v)) return 100;
  // A decade: "90s", "100's", "nineties".
  if (/^\d+['’]?s$/.test(v)) return parseInt(v, 10);
  if (/^nineties$/i.test(v)) return 90;
  const ones = ['', ...ONES.split('|')];
  const w = v.toLowerCase().split(/[- ]/).filter((x) => x !== 'and');
  if (w[0] === 'ninety') return 90 + Math.max(0, ones.indexOf(w[1] ?? ''));
  const rest = w.slice(2).join(' ');
  return 100 + (rest === 'ten' ? 10 : rest === 'eleven' ? 11 : rest === 'twelve' ? 12 : Math.max(0, ones.indexOf(rest)));
}

const LOOKS_LIKE_DATE = /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2}))$/;

// Dashes other than the hyphen-minus ("512–40–8831", "555‑0147") read as hyphens in numbers:
// each is one UTF-16 unit, so offsets found in the folded copy hold for the text.
const OTHER_DASHES = /[‐‑‒–—−]/g;

export function findFormatSpans(original: string): Span[] {
  const text = original.replace(OTHER_DASHES, '-');
  const spans: Span[] = text.includes('|') && text.includes('^') ? findHl7Spans(text) : [];
  for (const p of PATTERNS) {
    if (p.gate && !p.gate.test(text)) continue;
    if (p.head) {
      spans.push(...tailFirst(text, p));
      continue;
    }
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
      const value = m[p.group ?? 0];
      if (value === undefined || value.length === 0) continue;
      if (p.valid && !p.valid(value)) continue;
      // "visit 2024-01-10" is a date, not a visit number: the date detector shifts it.
      if (LOOKS_LIKE_DATE.test(value) && parseDate(value) !== undefined) continue;
      const start = m.index + m[0].lastIndexOf(value);
      spans.push({ start, end: start + value.length, kind: p.kind, priority: p.priority ?? 1 });
    }
  }
  return spans;
}

// HL7 v2 segments whose fields hold a person's name or address: a name field's components (family^given^
// middle^suffix^prefix) are each a name; an address's street, other line, city and postal code are places
// (its state and country stay, as Safe Harbor allows). Field n of a segment is the nth after the segment id.
const HL7_FIELDS: Record<string, { names: number[]; addresses: number[] }> = {
  PID: { names: [5, 6, 9], addresses: [11] },
  NK1: { names: [2, 30], addresses: [4, 32] },
  GT1: { names: [3], addresses: [5] },
  IN1: { names: [16], addresses: [19] },
  IN2: { names: [7], addresses: [] },
  PV1: { names: [7, 8, 9, 17], addresses: [] },
};
const HL7_SEGMENT = /^(PID|NK1|GT1|IN1|IN2|PV1)\|.*$/gm;

export function findHl7Spans(text: string): Span[] {
  const out: Span[] = [];
  HL7_SEGMENT.lastIndex = 0;
  for (let m = HL7_SEGMENT.exec(text); m; m = HL7_SEGMENT.exec(text)) {
    const spec = HL7_FIELDS[m[1]];
    let at = m.index;
    m[0].split('|').forEach((field, n) => {
      const isName = spec.names.includes(n);
      const isAddress = spec.addresses.includes(n);
      if (isName || isAddress) {
        let c = at;
        field.split(/[\^~]/).forEach((component, k) => {
          // A provider field (PV1) opens with the provider's id; an address keeps its state (3) and country (5).
          const keep = isAddress ? k === 3 || k >= 5 : false;
          if (!keep && /\p{L}|\d/u.test(component) && !(m[1] === 'PV1' && k === 0)) {
            const kind = isName ? 'PERSON' : k === 4 ? 'ZIP' : 'LOCATION';
            if (!isName || /\p{L}/u.test(component)) out.push({ start: c, end: c + component.length, kind, priority: 1 });
          }
          c += component.length + 1;
        });
      }
      at += field.length + 1;
    });
  }
  // A person named in any other field as HL7's XCN type writes them: an id, then family^given^middle
  // (not again where a segment's own name field was read).
  const taken = new Set(out.map((o) => o.start));
  HL7_PROVIDER.lastIndex = 0;
  for (let m = HL7_PROVIDER.exec(text); m; m = HL7_PROVIDER.exec(text)) {
    let c = m.index + m[0].length - m[1].length;
    for (const component of m[1].split('^')) {
      if (/\p{L}/u.test(component) && !taken.has(c)) out.push({ start: c, end: c + component.length, kind: 'PERSON', priority: 1 });
      c += component.length + 1;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
// "|1022486675^CIURARU^ANA^M|": a number of 4 or more digits, then up to four name components in capitals or Title Case.
const HL7_PROVIDER = /(?<=[|~])\d{4,}\^((?:\p{Lu}[\p{L}\p{M}'’ -]{0,40})(?:\^(?:\p{Lu}[\p{L}\p{M}'’. -]{0,40})?){0,3})(?=[|~\n]|$)/gmu;

function tailFirst(text: string, p: FormatPattern): Span[] {
  const out: Span[] = [];
  p.re.lastIndex = 0;
  for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
    const from = Math.max(0, m.index - 80);
    const h = p.head!.exec(text.slice(from, m.index));
    if (!h) continue;
    const start = from + h.index;
    const end = p.headOnly ? m.index : m.index + m[0].length;
    if (p.valid && !p.valid(text.slice(start, end))) continue;
    out.push({ start, end, kind: p.kind, priority: p.priority ?? 1 });
  }
  return out;
}

// An age in words over 89 says "ninety" or "hundred" ("nineties", "nonagenarian" too): the patterns that only read
// ages in words are skipped in a text without either (most notes), instead of being tried at every word.
const AGE_IN_WORDS_GATE = /ninet|hundred|genarian|centenarian/i;
// The bracketed ones need a bracket before a number over 89 (or one in words).
const AGE_IN_BRACKETS_GATE = /\(\s*(?:age\s*:?\s*)?(?:9\d|1[0-3]\d|ninet|one hundred|a hundred)/i;

// Nineteenth round: the unit written with an age goes with it ("a 96-year-old" → "a 90+", "94 years old",
// "100 yrs", "93 нас"): a labeller may count the unit as part of the age, and "90+" says the same without it.
const AGE_UNIT_AFTER =
  /^(?:[ \t]?-[ \t]?|[ \t]{0,2})(?:years?[- ](?:old|of[ \t]+age)|year-old|yr-old|yrs?\.?(?:[ \t]+old)?|years?(?:[ \t]+old)?|y\/o|y\.o\.?|yo[mf]?|yoa|y(?=[ \t]*[),;\/]|[ \t]*$)|ans|años|anos|anni|jaar|Jahre|jährige[rn]?|года|лет|yaşında|yaş|god\.|godina|godine|éves|év|ani|urte|taon|tahun|vuotta|tuổi|år|ár|ára|roků|rokov|lat|нас|岁|歲|歳|세|살)(?![\p{L}\p{N}])/u;

export function findAgesOver89(text: string): Span[] {
  const spans: Span[] = [];
  const inWords = AGE_IN_WORDS_GATE.test(text);
  const inBrackets = AGE_IN_BRACKETS_GATE.test(text);
  const starts = new Set<number>();
  for (const re of AGE_PATTERNS) {
    if (!inWords && AGE_IN_WORDS_ONLY.has(re)) continue;
    if (!inBrackets && AGE_IN_BRACKETS.has(re)) continue;
    const gate = AGE_GATES.get(re);
    if (gate !== undefined && !gate.test(text)) continue;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const age = ageValue(m[1]);
      if (age <= 89 || age > 130) continue;
      const start = m.index + m[0].lastIndexOf(m[1]);
      if (!starts.has(start)) {
        starts.add(start);
        const end = start + m[1].length;
        const unit = AGE_UNIT_AFTER.exec(text.slice(end, end + 16));
        spans.push({ start, end: end + (unit ? unit[0].length : 0), kind: 'AGE', priority: 1 });
      }
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}
