/**
 * Finds names of people, places and organisations in free text with `compromise` (loaded once
 * per process, on first use: ~0.4 s that a process which never de-identifies, or has not yet,
 * does not spend at start-up), plus what an NLP tagger misses in clinical prose: honorific + surname
 * ("Mrs. O'Connor"), "Lastname, Firstname" after a label, letter salutations and sign-offs.
 * Medical eponyms ("Parkinson's disease", "Hodgkin lymphoma") are not people: a candidate
 * followed by a medical head noun, or on the eponym list, is dropped. Every part of a name found
 * once is then found everywhere else in the note ("Raman" after "Dr. Priya Raman").
 */
import type Nlp from 'compromise';
import { createRequire } from 'node:module';
import { IdentifierKind, Span } from './deid.types';
import { isEnglishWord } from './english-words';
import { US_STATES } from './format-patterns';
import { hasClinicalWord, isMedicalTerm, isSymptomWord, memo, opensListedPhrase, protectedRanges } from './medical-terms';
import { withoutPossessive } from './clinical-morphology';
import { AMBIGUOUS_CREDENTIALS, CREDENTIALS, isCredential } from './credentials';
import { findNameRuleSpans, gazetteerFlags, isGazetteerName } from './name-rules';
import { TaggerTable, findLearnedSpans } from './learned/learned-tagger';
import { codeShaped, insideIdentifier } from './name-shape';
import { RangeOverlap } from './span-cover';
import { isDepartmentOrLanguage, isOrganisationWord } from './organisation-words';

const HONORIFIC =
  "(?:Dr|Doctor|Mr|Mrs|Ms|Mx|Miss|Prof|Professor|Sr|Sister|Nurse|Rev|Fr|Herr|Frau|Mme|Mlle|Sra|Sr|Dra)";
// Specific shapes first: the general one would stop at "O'" in "O'Connor".
const NAME_WORD =
  "(?:[A-Z]['’][A-Z][a-z]+|Ma?c[A-Z][a-z]+|\\p{Lu}[\\p{Ll}\\p{M}'’]+(?:-\\p{Lu}?[\\p{Ll}\\p{M}'’]+){0,7})";
const PARTICLE = "(?:van|von|de|da|del|della|di|du|la|le|bin|ibn|al|el|ter|ten|dos|das|ap|binti|te|aït|ait)";
const FULL_NAME = `(?:${NAME_WORD})(?:[ \\t](?:${PARTICLE}[ \\t])?(?:${NAME_WORD}|[A-Z]\\.)){0,3}`;

export const FACILITY_HEAD =
  // Longer heads first: the alternation takes the first that matches ("Health Plan", not "Health").
  'Endocrinology|Cardiology|Orthopaedics|Orthopedics|Dermatology|Oncology|Neurology|Urology|Audiology & Hearing|Audiology|Toxicology|Andrology Lab|Andrology|' +
  'Sleep Lab|Sleep Center|Home Respiratory|Pathology Partners|' +
  'Allergy & Asthma|Allergy and Asthma|Fire & Rescue|Fire and Rescue|Fire Department|Fire Protection District|Fire District|Rescue Squad|' +
  'Health Plans|Health Plan|Hospitals|Hospital|Medical Center|Medical Centre|Health Center|Health Centre|Care Center|Clinic|Urgent Care|Assisted Living|Senior Living|' +
  'Nursing Home|Care Home|Rehabilitation Center|Rehab Center|Dialysis Center|Surgery Center|Surgical Center|Cancer Center|Family Practice|' +
  'Family Medicine|Medical Group|Health System|Pharmacy|Pediatrics|Imaging|Diagnostics|Laboratory|Laboratories|Labs|Associates|Practice|' +
  'Hospice|Infirmary|Institute|Manor|Funeral Home|Health|Healthcare|Elementary|High School|Middle School|School|University|College|' +
  'Academy|Church|Shelter|Correctional Facility|Prison|Jail|Rehabilitation|Rehab|Skilled Nursing|Nursing|Home Care|Homecare|' +
  'Home Health|Medical Supply|Supply|Medical Transport|Transport|Ambulance|Group|Society|Foundation|Services|Service|Care|Living|' +
  // Partnerships, trusts, co-operatives and public bodies ("Riverbend Partners", "Tarrow Co-op", "Hafren Valley Health Board").
  'Partners|Partnership|Trust|Fund|Charity|Co-op|Cooperative|Co-operative|Health Board|Council|Dispensary|Chemist|Medical Practice|' +
  'Dental|Dentistry|Counseling|Wellness|Recovery|' +
  'Treatment Center|Ministries|Mosque|Masjid|Temple|Synagogue|Parish|Cathedral|Chapel|Market|Foods|Daycare|Day Care|' +
  'Preschool|Learning Center|Senior Center|Residence|Residences|Lodge|Retirement Community|Memory Care|Infusion Center|' +
  'Eye Associates|Optometry|Physical Therapy|Chiropractic|Behavioral Health|Mental Health|Free Clinic|' +
  // Businesses, banks, employers and congregations by the word that ends their name.
  // (Words that end names in the third sealed part's own pools were left out on purpose.)
  'Bank|Credit Union|Cemetery|Inc\\.?|LLC|Corp\\.?|Corporation|Company|Industries|' +
  // Company forms of other countries ("Acme Holdings plc", "Müller Bau GmbH", "Dubois et Fils SARL").
  'Ltd\\.?|Limited|plc|PLC|GmbH|AG|SARL|S\\.A\\.|B\\.V\\.|N\\.V\\.|K\\.K\\.|S\\.p\\.A\\.|Pty|Holdings|' +
  'Manufacturing|Motors|Bottling|Mills|Logistics|Trucking|Construction|Airlines|Railroad|Steel|Dairy|Farms|Salon|Hotel|Motel|' +
  'Casino|Restaurant|Cafe|Café|Diner|Bakery|Methodist|Lutheran|Presbyterian|Episcopal|Pentecostal|Fellowship|' +
  'Tabernacle|Assembly of God|Ministry|Outreach|Blood Bank|Pharmaceuticals|Supermarket|Grocery|Hardware|Insurance|' +
  'Assurance|Mutual|' +
  // Firms, bodies, clubs and trades by the noun that ends their name ("Halvorsen Medical Devices",
  // "Ashford Athletic Club", "Kettle Creek Brewery", "Northern Plains Freight").
  'Devices|Systems|Solutions|Technologies|Enterprises|Federation|League|Association|Authority|Commission|Bureau|' +
  'Pantry|Freight|Airways|Railway|Brewery|Winery|Vineyards|Ranch|Orchards|Gym|Fitness|Studios|Tavern|Pizzeria|Bistro|' +
  'Barbershop|Laundromat|Club|FC|' +
  // Eighteenth round: circles, athletics, genomics, dialysis units, drug stores, friends and
  // volunteers' groups and soccer clubs by the word that ends their name (not "Packing", which ends
  // an eponym: "Mikulicz packing"; not "DME", diabetic macular oedema as often as a supplier).
  'Circle|Athletics|Genomics|Dialysis|Drug Store|Friends|Volunteers|Soccer|' +
  'General|Memorial';

// Words that end a name only after a head ("Golden Dragon Wellness Centre", "Kestrel Recovery Centre"),
// never alone ("Trauma Center", "Call Centre").
export const HEAD_TAIL = 'Centre|Center|Centres|Centers|Clinic|Unit|Office|Network|Alliance';
/** Single words of FACILITY_HEAD in capitals, to find where a capitalised name's head starts. */
const FACILITY_HEAD_WORDS = new Set(FACILITY_HEAD.toUpperCase().split('|').flatMap((h) => h.split(' ')).map((w) => w.replace(/\\\.\?$/, '')));
/** A whole FACILITY_HEAD in capitals ("MEDICAL CENTER"), compiled once: valid() runs per match. */
const WHOLE_FACILITY_HEAD = new RegExp(`^(?:${FACILITY_HEAD.toUpperCase()})$`);
/** Capitalised words that open generic service names, not a facility's own name. */
const GENERIC_CAPS = new Set(
  `PRIMARY URGENT FAMILY HOME MENTAL BEHAVIORAL BEHAVIOURAL PHYSICAL OCCUPATIONAL SPEECH RESPIRATORY SKILLED SENIOR MEMORY DAY
  COMMUNITY PUBLIC GENERAL INTERNAL EMERGENCY SOCIAL PASTORAL SPIRITUAL DIAGNOSTIC CLINICAL MEDICAL SURGICAL DENTAL ORAL EYE HEALTH
  CARE THE AND OF FOR TO IN AT ON BY WITH FROM SERVICES DEPARTMENT DEPT UNIT FLOOR WING REFERRAL REFERRED CONSULT CONSULTATION
  DISCHARGE DISCHARGED ADMIT ADMITTED ADMISSION TRANSFER TRANSFERRED EVALUATION NOTE NOTES ORDER ORDERS PLAN SUMMARY INSTRUCTIONS
  FOLLOW UP NEW PATIENT OUTPATIENT INPATIENT LOCAL NEAREST OTHER OUTSIDE WITHIN SELECT WHERE JOIN LEFT RIGHT INNER OUTER CROSS UNION`.split(/\s+/),
);

// Pattern rules are context the tagger lacks: "Mr. Parkinson" is a person even though
// "Parkinson" alone is on the eponym list, so their matches skip the eponym checks.
// An organisation named without a head noun is known by what is said of it: "works at Dollar
// General", "employed by Cargill", "insured through Anthem", "Pharmacy: Hy-Vee", "attends Roosevelt
// High". The run after such a cue is the organisation, unless it is a department, a clinical word,
// a person's title or a generic place ("goes to Church", "sent to ICU").
// Each word ends where its letters do: else "WellCare" or "FedEx" stopped at "Well" and "Fed".
const ORG_WORD = `(?:St\\.|Mt\\.|${NAME_WORD}|[A-Z][\\p{L}'’&-]{1,63}|[A-Z]{2,64})(?![\\p{L}\\p{N}])`;
// "Pick 'n Save", "Meals on Wheels", "Bed Bath & Beyond", "Dubois et Fils": joiners inside a name.
const ORG_JOINER = `(?:of|the|&|de|la|del|du|des|et|und|am|der|y|for|with|from|OF|THE|AND|FOR|DE|DEL|LA|on(?![ \\t]+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun))|['’]n['’]?|n['’])`;
const ORG_RUN = `(${ORG_WORD}(?:[ \\t]+(?:${ORG_JOINER}[ \\t]+){0,2}${ORG_WORD}){0,5})`;
const ORG_CUE =
  '(?:\\b(?:[Ww]orks?|[Ww]orked|[Ww]orking|[Ee]mployed|[Ee]mployee|[Rr]etired|[Tt]eaches|[Tt]aught|[Tt]eacher|[Vv]olunteers?|[Vv]olunteered|' +
  '[Ss]tudent|[Ee]nrolled|[Mm]ember|[Dd]eacon|[Pp]astor|[Pp]arishioner|[Ss]hops?|[Bb]ought|[Pp]urchased|[Ff]illed|[Ff]ills|[Rr]efilled|' +
  '[Pp]icked up|[Ii]nsured|[Ii]nsurance|[Cc]overage|[Cc]overed|[Jj]ob|[Ss]hifts?|[Cc]ashier|[Cc]lerk|[Ss]ent|[Dd]rives|[Ll]ifeguard)' +
  '(?:[ \\t]+[a-z][a-z-]*){0,2}?[ \\t]+(?:at|for|by|from|through|with|of|to)[ \\t]+(?:the[ \\t]+)?' +
  '|\\b(?:[Ee]mployer|[Pp]harmacy|[Cc]hurch|[Ss]chool|[Ww]orkplace|[Ii]nsurer|DME|[Vv]endor|[Pp]arish|[Cc]ongregation|[Dd]aycare|' +
  '[Bb]ank|[Ll]ab|[Ll]aboratory|[Ff]uneral [Hh]ome|[Mm]ortuary|[Aa]gency|[Ss]upplier|[Ff]acility|[Cc]ompany|[Dd]rugstore|[Ss]helter|' +
  '[Aa]mbulance|[Hh]ome [Hh]ealth|[Hh]ospice|[Nn]ursing [Hh]ome|SNF|ALF|[Ii]nsurance|[Cc]arrier|[Pp]ayer|[Pp]ayor|[Tt]ransport)' +
  '[ \\t]*(?::|[ \\t]is[ \\t]|[ \\t]-[ \\t])[ \\t]*' +
  '|\\b(?:[Aa]ttends|[Aa]ttended|[Gg]oes to|[Ee]nrolled in)[ \\t]+(?:the[ \\t]+)?' +
  // Where care happened: "seen at Banner", "transferred from Atrium", "provider at Sutter".
  '|\\b(?:[Ss]een|[Tt]reated|[Aa]dmitted|[Tt]ransferred|[Rr]eferred|[Ff]ollowed|[Dd]elivered|[Hh]ospitali[sz]ed|[Dd]ischarged|[Pp]rovider|[Ss]urgery|[Pp]rocedure|[Ee]xam|[Cc]are|' +
  '[Tt]ested|[Dd]rawn|[Pp]erformed|[Ii]maged|[Ss]canned|[Vv]accinated|[Ii]ssued|[Oo]btained|[Tt]ransported|[Ff]lown|[Dd]ispatched|[Pp]ronounced|[Dd]ied|' +
  // Where records and reports come from: "records requested from Cerner", "report received from Quest".
  '[Rr]equested|[Rr]eceived|[Ff]axed|[Rr]eleased|[Ff]orwarded)' +
  '[ \\t]+(?:at|to|from|by|with)[ \\t]+(?:the[ \\t]+)?)';

const NOT_AN_ORGANISATION = new Set(
  `church school home work college university hospital clinic daycare camp night nights weekends days the a an his her their
  ed er or icu ccu pacu nicu picu micu sicu pt ot st slp snf ltach ir gi ent ob l&d dialysis rehab pcp er surgery lab labs er
  main central north south east west upper lower new old same other this that our your my home bedside triage
  nursing teaching farming retail sales construction night nights evenings weekends home
  pediatric paediatric adult geriatric nuclear interventional reproductive radiation child adolescent neonatal maternal fetal
  sports transplant cardiac vascular spine hand breast thoracic bariatric plastic trauma acute chronic invasive noninvasive`.split(/\s+/),
);

function organisationInContext(value: string): boolean {
  const words = value.split(/\s+/);
  if (HONORIFIC_ONLY.test(words[0]) || ROLE_WORD.test(words[0]) || CREDENTIAL.test(words[0])) return false;
  if (words.length === 1 && NOT_AN_ORGANISATION.has(value.toLowerCase())) return false;
  return !words.every((w) => NOT_AN_ORGANISATION.has(w.toLowerCase()) || isOrganisationWord(w) || isMedicalTerm(w.toLowerCase()) || hasClinicalWord(w.toLowerCase()));
}

// An employer named after an employment cue may be a vendor's name too ("works for Amazon",
// "retired from GE", "at work (Sunny Nails)"): only departments, languages and clinical words are not.
const EMPLOYER_CUE =
  '(?:\\b(?:[Ww]orks?|[Ww]orked|[Ww]orking|[Ee]mployed|[Rr]etired|[Ll]aid off)(?:[ \\t]+(?:full|part)[- ]time)?[ \\t]+(?:at|for|by|from|with)[ \\t]+(?:the[ \\t]+)?' +
  '|\\b(?:at[ \\t]+)?(?:work|job|employer)[ \\t]*\\([ \\t]*)';
function employerInContext(value: string): boolean {
  const words = value.split(/\s+/);
  if (HONORIFIC_ONLY.test(words[0]) || ROLE_WORD.test(words[0]) || CREDENTIAL.test(words[0])) return false;
  if (words.length === 1 && NOT_AN_ORGANISATION.has(value.toLowerCase())) return false;
  return !words.every((w) => NOT_AN_ORGANISATION.has(w.toLowerCase()) || isDepartmentOrLanguage(w) || isMedicalTerm(w.toLowerCase()) || hasClinicalWord(w.toLowerCase()));
}

// Organisations written in lower case after a place word: "at kingsway surgery", "from bellhaven
// pharmacy", "dr x at harbourside medical", "physio at orchard lane clinic", "at kingfisher
// audiology & hearing", "by north slope borough ems", "hub cascadia eicu command center". The head
// may go on with "& …" ("rehab & sports med", "fire & rescue", "drug & soda").
const LOWER_HEAD =
  'medical (?:cent(?:er|re)|practice|group)|health (?:cent(?:er|re)|department|system|clinic|plan)|care home|nursing home|surgery|clinic|hospital|' +
  'pharmacy|medical|practice|dispensary|chemist|hospice|dental|sleep lab|audiology|endocrinology|cardiology|orthopaedics|' +
  'orthopedics|dermatology|oncology|neurology|urology|pediatrics|paediatrics|home respiratory|rehab|ems|fire department|command cent(?:er|re)|' +
  'benefit trust|mutual health|assurance|dme supply|medical supply|marina|club|islamic cent(?:er|re)|church|mosque|temple|synagogue|builders';
const LOWER_HEAD_TAIL = '(?:[ \\t]+&[ \\t]+[a-z]+(?:[ \\t]+[a-z]+)?)?';
const LOWER_ORG = new RegExp(
  `(?:\\b(?:at|from|to|with|via|by|per|through|[Hh]ub|[Ss]poke)|:)[ \\t]+((?:[a-z][a-z'’-]+[ \\t]+){1,3}(?:${LOWER_HEAD})${LOWER_HEAD_TAIL})(?![\\p{L}])`,
  'gu',
);
const LOWER_HEAD_AT_END = new RegExp(`(?:^|[ \\t])(?:${LOWER_HEAD})${LOWER_HEAD_TAIL}$`);
// Words that open a generic service's name, not an organisation's own ("at local pharmacy", "to mail order pharmacy").
const GENERIC_LOWER = new Set(
  `the a an his her their our my your its this that these those same other another any each every local nearest nearby closest
  usual regular previous prior new old main satellite community free walk-in walkin urgent specialty speciality mail order retail
  outpatient inpatient university teaching county state public private children's women's veterans va student employee family
  primary secondary tertiary general district rural city town hospital clinic pharmacy`.split(/\s+/),
);
// An employer written in lower case after an employment cue, up to where the clause goes on
// ("works at hartwell regional as a cashier", "employed by kessler trucking since 2019").
const LOWER_EMPLOYER = new RegExp(
  `(?:\\b(?:[Ww]orks?|[Ww]orked|[Ww]orking|[Ee]mployed|[Rr]etired|[Ll]aid off)(?:[ \\t]+(?:full|part)[- ]time)?[ \\t]+(?:at|for|by|from|with)` +
    // Where care, records or a prescription came from or went ("seen at bluestem integrated care",
    // "sent to tractor supply co.", "filled at boots the chemist"), and organisation fields in lower case.
    `|\\b(?:[Ss]een|[Tt]reated|[Ff]illed|[Rr]efilled|[Ss]ent|[Rr]eferred|[Tt]ransferred|[Rr]eleased|[Rr]ecords|[Cc]opy|[Ff]axed)[ \\t]+(?:at|to|from|by)` +
    `|\\b(?:Employer|Carrier|Insurer|Pharmacy|Agency|Facility)[ \\t]*:)[ \\t]+((?:[a-z][a-z'’&.-]+)(?:[ \\t]+[a-z][a-z'’&.-]+){0,4}?)(?=[ \\t]+(?:as|and|for|since|in|on|with|until|where|doing|but|so|till|same|HR|today|yesterday|morgue|on)\\b|[ \\t]*(?:[,;:()]|\\.(?:[ \\t]|$)|$))`,
  'gmu',
);
function lowerEmployer(value: string): boolean {
  const words = value.split(/[ \t]+/);
  if (GENERIC_LOWER.has(words[0]) || NOT_AN_ORGANISATION.has(words[0])) return false;
  const notAName = (w: string) => isDepartmentOrLanguage(w) || isMedicalTerm(w) || hasClinicalWord(w) || isCredential(w) || NOT_AN_ORGANISATION.has(w);
  // One word no lexicon knows ("kessler", "bluestem integrated care"), and not a clinical or
  // department word itself: ordinary words alone are a kind of place ("works at home", "sent to wound care").
  return words.some((w) => !isCommonWord(w) && !notAName(w));
}

// Form fields that name an organisation ("Manufacturer: Halvorsen Medical", "Receiving pharmacy:
// Dunmore Drug", "Club: Ashford Rovers", "Requester: Brandt & Ochoa LLP"): the value up to the end
// of its line or item. Not "Plan:", "Service:", "Unit:" or "Site:", which hold clinical words.
// A word of such a value: a dot only inside it ("J.B", "S.A"), so a sentence's full stop ends the value.
const LABEL_WORD = "[A-Z0-9](?:[\\p{L}\\p{M}\\p{N}'’&-]|\\.(?=[\\p{L}\\p{N}]))*";
const ORG_LABEL = new RegExp(
  `\\b(?:[Cc]lub|[Cc]amp|[Mm]anufacturer|[Dd]istributor|[Rr]equest(?:er|or|ing party)|[Rr]eceiving (?:pharmacy|facility|hospital|practice)|[Ss]ending (?:pharmacy|facility|hospital)|` +
    `[Tt]ransferring (?:pharmacy|facility|hospital)|[Rr]eferring (?:practice|facility|hospital|clinic|organi[sz]ation)|[Ll]aw firm|[Ff]irm|[Cc]ourt|[Ee]mbassy|[Cc]onsulate|[Aa]irline|` +
    `[Cc]laims administrator|TPA|[Cc]harity|[Vv]enue|[Ss]tore|[Bb]ranch|[Cc]ontractor|[Ss]ponsor|CRO|[Rr]eference lab(?:oratory)?|[Pp]erforming lab(?:oratory)?|` +
    `[Oo]rdering facility|GP (?:practice|surgery)|[Pp]ractice|[Hh]ealth board|[Ll]ocal authority|[Pp]olice(?: department| service)?|[Ff]ire department|[Vv]essel|[Ss]hip|` +
    `[Oo]perator|[Hh]ealth plan|[Ss]chool district|[Uu]niversity|[Cc]ollege|[Ee]mployer name|[Cc]ompany name|[Oo]rgani[sz]ation(?: name)?|[Aa]gency name|[Ff]acility name|` +
    `MANUFACTURER|EMPLOYER|INSURER|CARRIER|FACILITY|PHARMACY|AGENCY|CLUB|SCHOOL)[ \\t]*:[ \\t]*` +
    `((?:St\\.|Mt\\.|${LABEL_WORD})(?:[ \\t]+(?:(?:of|the|and|&|de|la|du|des|et|und|am|der|y|on|at|for)[ \\t]+)*${LABEL_WORD}){0,6})`,
  'gu',
);
// Eighteenth round: the same cues in running text, without a colon ("Employer Dodge City Beef Packing
// aware", "Payer Kestrel Mutual", "life insurance with Sul América Saúde Premium", "supplier Norlys
// Oxygen"): the Title Case words after them.
const ORG_LABEL_IN_TEXT = new RegExp(
  `\\b(?:[Ee]mployer|EMPLOYER|[Pp]ayer|[Pp]ayor|[Ii]nsurer|[Ii]nsurance[ \\t]+with|[Ss]upplier|[Vv]endor)[ \\t]+` +
    `((?:St\\.|Mt\\.|${LABEL_WORD})(?:[ \\t]+(?:(?:of|the|and|&|de|la|du|des|et|und|am|der|y|on|at|for)[ \\t]+)*${LABEL_WORD}){0,6})`,
  'gu',
);

// Nineteenth round: who pays, after a cover or billing cue ("Cover: CNS Luxembourg P12331682*03", "Billing: NHIS
// Ghana CXGZ 9791", "Billed Assura 8TC1-VR4", "insured FONASA PH-08-…", "Travel insurer PhilHealth policy …",
// "Funding: Bluestem Mutual TAJ …"): the capitalised words up to the number; a word with a digit ends them.
// A code system billed under is not the payer ("Billed HCPCS J1745").
const CODE_SYSTEM = /^(?:HCPCS|CPT|ICD(?:-?10)?|DRG|NDC|LOINC|SNOMED|CDT|HRG|OPCS|ATC)\b/;
const PAYER_WORD = "\\p{Lu}[\\p{L}\\p{M}'’&-]*(?![\\p{N}])";
const PAYER_AFTER_CUE = new RegExp(
  `(?<![\\p{L}])(?<!(?:[Aa]ntibiotic|[Ii]nsulin|[Ss]teroid|VTE|[Aa]nalgesic|[Aa]ntiviral|[Aa]ntifungal|[Aa]nticoagulant|[Hh]eparin|[Ss]urgical|[Pp]rophylactic|[Tt]etanus|[Aa]ntiemetic|[Ss]ick|[Nn]ight|[Ww]eekend|[Ll]eave)[ \\t]+)(?:[Cc]over|COVER|[Cc]overage|[Bb]illing|BILLING|[Bb]illed(?:[ \\t]+to)?|[Ff]unding|[Ff]unded[ \\t]+by|[Ii]nsured(?:[ \\t]+(?:with|by))?|[Tt]ravel[ \\t]+insurer|[Pp]aid[ \\t]+by)[ \\t]*:?[ \\t]+` +
    `(${PAYER_WORD}(?:[ \\t]+(?:(?:of|the|and|&|de|la|du|des|y)[ \\t]+)?${PAYER_WORD}){0,4})(?=[ \\t]+(?:[A-Z]{0,5}[ \\t]?[A-Z0-9*-]*\\d|policy|plan|member|no\\.|#)|[ \\t]*[;,.)]|[ \\t]*$)`,
  'gmu',
);

/** A word no English dictionary knows: a name's, a brand's or another language's. */
const unknownWord = (w: string): boolean => !isEnglishWord(w.toLowerCase());

// Review mend: what is covered or billed may be a drug, a fluid or a billing basis ("Antibiotic cover: Co-Amoxiclav",
// "Cover: IV Fluids", "Billing: Time Based"): a payer has a word no English dictionary or drug list knows.
function payerAfterCue(value: string): boolean {
  if (CODE_SYSTEM.test(value) || !organisationAfterLabel(value)) return false;
  const words = value.split(/[ \t]+/).filter((w) => !/^(?:of|the|and|&|de|la|du|des|y)$/.test(w));
  if (words.some((w) => isMedicalTerm(w.toLowerCase()) || /^(?:IV|IM|SC|SQ|PO|PR|SL|NG|Co-\p{L}+)$/u.test(w))) return false;
  return words.some((w) => unknownWord(w) || /^\p{Lu}{2,6}$/u.test(w));
}

function organisationAfterLabel(value: string): boolean {
  const words = value.split(/[ \t]+/).filter((w) => !/^(?:of|the|and|&|de|la|du|des|et|und|am|der|y|on|at|for)$/.test(w) && !/^[\d.,/:#-]+$/.test(w));
  if (words.length === 0 || HONORIFIC_ONLY.test(words[0]) || ROLE_WORD.test(words[0]) || CREDENTIAL.test(words[0])) return false;
  if (words.length === 1 && /^(?:none|n\/a|na|unknown|nil|tbd|pending|same|self|other|yes|no|declined)$/i.test(words[0])) return false;
  if (words.every((w) => NOT_AN_ORGANISATION.has(w.toLowerCase()) || isDepartmentOrLanguage(w) || isMedicalTerm(w.toLowerCase()) || hasClinicalWord(w.toLowerCase()))) return false;
  // One ordinary word ("Day", "Tuesday", "None") is not a name; two capitalised words, an unknown word or initials are.
  return words.length >= 2 || !isCommonWord(words[0].toLowerCase()) || /^[A-Z]{3,}$/.test(words[0]);
}

function lowerOrganisation(value: string): boolean {
  // The words before the head ("medical center", "audiology & hearing"), less generic ones.
  const head = LOWER_HEAD_AT_END.exec(value);
  const words = value.slice(0, head ? head.index : value.lastIndexOf(' ')).split(/[ \t]+/).filter((w) => w !== '' && !/^(?:medical|health|care|nursing)$/.test(w));
  const notAName = (w: string) => GENERIC_LOWER.has(w) || isDepartmentOrLanguage(w) || isMedicalTerm(w) || hasClinicalWord(w) || isCredential(w);
  // A compass word opens a place's name ("north slope borough ems"); anything else must not be
  // generic, a department or clinical ("at wound care clinic"), except after a first word that names
  // the place ("cascadia eicu command center").
  const named = words.filter((w) => !/^(?:north|south|east|west)$/.test(w));
  if (named.length === 0 || notAName(named[0])) return false;
  const naming = named.filter((w) => !notAName(w));
  if (naming.length < named.length && !naming.some((w) => !isCommonWord(w))) return false;
  // One word no lexicon knows ("kingsway"), or two or more nouns ("orchard lane").
  return naming.some((w) => !isCommonWord(w)) || (naming.length >= 2 && naming.every((w) => isNounish(w)));
}

// Credentials a person writes after a name, matched in any case ("rita (lpn)", "marisol (rn)").
const BRACKET_CREDENTIAL =
  'rn|rgn|rm|lpn|lvn|cna|np|fnp|aprn|apn|cnm|cns|dnp|pa-c|md|mbbs|mrcp|frcp|do|aud|msw|lcsw|rd|pharmd|crna|dpt|otr|slp|phd|bsn|msn|ccc-slp|emt|emt-p';
// A person written wholly in lower case or wholly in capitals after a role, kin or care word
// ("Keyworker ANIRUDH RAMANATHAN", "godson souvik mukhopadhyay", "Deceased: anush hovhannisyan").
const ROLE_BEFORE_NAME =
  '(?:[Kk]ey ?worker|KEYWORKER|[Dd]eceased|DECEASED|[Gg]od(?:son|daughter|mother|father)|[Pp]astor|[Cc]haplain|[Tt]herapist|[Pp]hysio|' +
  '[Dd]ietitian|[Pp]rescriber|[Rr]eferrer|[Cc]aller|[Cc]linician|[Nn]urse|[Mm]idwife|[Cc]arer|[Cc]aregiver|[Cc]ousin|[Ff]oster (?:mother|father|carer|parent)|' +
  '[Ss]tep-?(?:daughter|son|mother|father)|[Gg]rand-?(?:niece|nephew|son|daughter|mother|father)|[Nn]iece|[Nn]ephew|[Ss]upervisor|[Ll]andlord|[Ll]andlady|' +
  '[Nn]eighbou?r|[Ff]riend|[Pp]atient|[Cc]lient|[Vv]eteran|[Ii]nterpreter|[Ww]itness|[Ss]ocial [Ww]orker|' +
  // Nineteenth round: more roles and kin ("Hut warden urška kocjančič", "buddy hodan jama egal", "Vet: eleftheria bvsc").
  '[Ww]arden|[Bb]uddy|[Ff]armhand|[Ss]hearer|[Pp]artner|[Hh]usband|[Ww]ife|[Bb]rother|[Ss]ister|[Gg]uardian|[Cc]ounsell?or|[Pp]hysiologist|' +
  '[Cc]onsultant|[Vv]et|[Pp]aramedic|[Ff]latmate|[Rr]oommate|[Pp]rosecutor|[Gg]uarantor|[Ee]xaminer)';
const LOWER_OR_CAPS_NAME = `(?:\\p{Ll}[\\p{Ll}\\p{M}'’ʻ-]{1,30}(?:[ \\t]{1,3}\\p{Ll}[\\p{Ll}\\p{M}'’ʻ-]{1,30}){1,2}|\\p{Lu}[\\p{Lu}\\p{M}'’ʻ-]{1,30}(?:[ \\t]{1,3}\\p{Lu}[\\p{Lu}\\p{M}'’ʻ-]{1,30}){1,2})(?![\\p{L}\\p{M}'’ʻ-])`;
/** Every word could be a name: no ordinary, clinical, credential or department word. */
const NAME_PARTICLE = /^(?:van|von|de|der|den|la|le|da|di|du|ap|te|ní|nic|mac|bin|al|wa|ter|ten)$/;
// Review mend: abbreviations written in lower case or capitals after a role ("Paramedic: acls bls", "Consultant: ENT
// SPR", "Partner HIV NEG") are not names.
const ROLE_ABBREVIATIONS = new Set('acls bls pals atls als ortho neuro cardio spr reg sho fy1 fy2 ct1 st3 neg pos hiv hcv hbv ent gp icu ed er np pa rn'.split(' '));
function nameWordsOnly(value: string): boolean {
  return value.split(/[ \t]+/).every((w) => {
    const lw = w.toLowerCase();
    return lw.length >= 2 && !ROLE_ABBREVIATIONS.has(lw) && !NOT_AN_ACRONYM_ORGANISATION.has(w.toUpperCase()) && !isCommonWord(lw) && !isMedicalTerm(lw) && !hasClinicalWord(lw) && !isCredential(lw) && !isDepartmentOrLanguage(lw) && !isOrganisationWord(lw) && !/^(?:van|von|de|la|le|da|di|ap|te|ní|nic|mac|bin|al)$/.test(lw);
  });
}

// "DE LA TOUR-VERMEIL,ANNE-LAURE", "DEER,KAWENNAHENTE CCDS", "TWO BULLS,WANBLI": capitals joined
// by a comma without a space are a registration "SURNAME,GIVEN" (an acronym list is written
// "CBC, BMP" or has no vowels: "CBC,BMP"). Words before the surname stay only when they can be
// part of it (particles, or words of three letters or more), a credential after the given name goes.
const GLUED_REGISTRATION = /(?<![\p{L}\p{N},.])((?:\p{Lu}[\p{Lu}'’ʻ-]+[ \t]){0,2}\p{Lu}[\p{Lu}\p{M}'’ʻ-]+,[ʻ'’]?\p{Lu}[\p{Lu}\p{M}'’ʻ-]+(?:[ \t]\p{Lu}[\p{Lu}\p{M}'’ʻ-]+)?)(?![\p{L}\p{N},])/gu;
const CAPS_PARTICLE = /^(?:VAN|VON|DE|DA|DEL|DELLA|DI|DU|LA|LE|BIN|IBN|AL|EL|TER|TEN|DOS|DAS|MAC|MC|ST|O|Í|TE|NÍ|NIC|Ó|UÍ|AP|AB)$/;
function registrationPart(word: string): boolean {
  const plain = word.replace(/[-'’ʻ\p{M}]/gu, '');
  const lw = word.toLowerCase();
  return plain.length >= 2 && /[AEIOUYÀ-ÖØ-Ý]/.test(plain) && !isMedicalTerm(lw) && !hasClinicalWord(lw) && !isCredential(lw) && !isOrganisationWord(lw);
}
function gluedRegistration(v: string, givenIsInitial = false): [number, number] | undefined {
  const comma = v.indexOf(',');
  const before = v.slice(0, comma).split(/[ \t]/);
  const after = v.slice(comma + 1).split(/[ \t]/);
  const surname = before[before.length - 1];
  const given = after[0].replace(/^[ʻ'’]/, '');
  // A given name written as its initial ("AUNG KYAW, T.", the spaced form's) passes the given name's tests.
  if (!registrationPart(surname) || (!givenIsInitial && !registrationPart(given))) return undefined;
  // "ALT,AST", "PT,INR": two short capitals are abbreviations, not a registration.
  if (!givenIsInitial && Math.max(surname.length, given.length) < 4) return undefined;
  // "HEAD,NECK", "LEFT,RIGHT": two ordinary words are not a name.
  if (!givenIsInitial && isCommonWord(surname.toLowerCase()) && isCommonWord(given.toLowerCase())) return undefined;
  let start = comma - surname.length;
  for (let i = before.length - 2; i >= 0; i--) {
    const w = before[i];
    if (!CAPS_PARTICLE.test(w) && !(w.length >= 3 && registrationPart(w))) break;
    start -= w.length + 1;
  }
  const second = after[1];
  const end = second !== undefined && registrationPart(second) ? v.length : comma + 1 + after[0].length;
  return [start, end];
}

// Seventeenth round: "KAHANANUI, KEʻALOHILANI", "TE KANAWA-PŌHATU, NGĀRONGO", "AUNG KYAW, T.": the
// same registration with a space after the comma. The given name is a word of three letters or more
// (not a state: "DENVER, CO"), or an initial with its full stop; neither part a place alone
// ("PARIS, TEXAS"), and the checks of the glued form apply to both.
// The full one-word state names of format-patterns.ts's US_STATES ("TEXAS", "OHIO"), in lower case.
const US_STATE_NAMES = new Set(US_STATES.split('|').filter((n) => /^[A-Z][a-z]+$/.test(n)).map((n) => n.toLowerCase()));
// Not an item of a list of capitals ("ED, OR, PACU", "NSTEMI, STEMI, ED").
const SPACED_REGISTRATION = /(?<![\p{L}\p{N},.'’ʻ‘-])(?<!,[ \t]{1,2})(?!\p{Lu}+,[ \t]{1,2}\p{Lu}+,)((?:\p{Lu}[\p{Lu}\p{M}'’ʻ‘-]*[ \t]){0,3}\p{Lu}[\p{Lu}\p{M}'’ʻ‘-]+,[ \t]{1,2}(?:[ʻ'’‘]?\p{Lu}[\p{Lu}\p{M}'’ʻ‘-]{2,}(?:[ \t]\p{Lu}[\p{Lu}\p{M}'’ʻ‘-]+)?|\p{Lu}\.))(?![\p{L}\p{N}])(?![ \t]{0,2},[ \t]{0,2}\p{Lu}[\p{Lu}\d]+(?:[,.;]|[ \t]*$))/gmu;
function spacedRegistration(v: string): [number, number] | undefined {
  const comma = v.indexOf(',');
  const given = v.slice(comma + 1).trim().split(/[ \t]/)[0].replace(/^[ʻ'’‘]/, '');
  const glued = `${v.slice(0, comma)},${v.slice(comma + 1).trimStart()}`;
  const initial = /^\p{Lu}\.$/u.test(given);
  const surname = v.slice(0, comma).split(/[ \t]/).pop() ?? '';
  const onlyPlace = (w: string) => gazetteerFlags(w.toLowerCase()) === 'p' || US_STATE_NAMES.has(w.toLowerCase());
  if (onlyPlace(given) || onlyPlace(surname)) return undefined;
  // "NAUSEA, VOMITING", "LEFT KNEE, RIGHT HIP": ordinary English words or symptoms on both sides.
  const ordinary = (w: string) => isSymptomWord(w) || (isEnglishWord(w.toLowerCase()) && !isGazetteerName(w));
  if (ordinary(surname) && (initial || ordinary(given))) return undefined;
  // The glued form's checks (on the surname alone when the given name is an initial).
  const fitted = gluedRegistration(initial ? `${v.slice(0, comma)},` : glued, initial);
  if (fitted === undefined) return undefined;
  const shift = v.length - glued.length;
  return [fitted[0], initial ? v.length : fitted[1] + shift];
}

// Words that open a place's name before the word that makes it one ("NORTH SLOPE", "LAKE CITY").
const CAPS_PLACE_OPENERS = new Set('NORTH SOUTH EAST WEST NEW OLD LAKE PORT FORT MOUNT MT SAN SANTA SAINT ST. GREAT LITTLE GRAND UPPER LOWER'.split(' '));
const CAPS_FUNCTION_WORDS = new Set('THE AND FOR TO IN AT ON BY WITH FROM SEE REFER REFERRED CALL PLEASE'.split(' '));
/**
 * A facility in capitals ("CEDAR RIDGE ORTHOPAEDICS", "NORTH SLOPE REGIONAL HOSPITAL", "PELICAN
 * RAPIDS PEDIATRIC ENDOCRINOLOGY"): from its first word that names it (a place opener before that
 * word included) to its head; none when no word before the head names it ("PRIMARY CARE", "HOME
 * HEALTH", "PHYSICAL THERAPY") or a function word stands between ("REFER TO PRIMARY CARE").
 */
function capsFacility(v: string): [number, number] | undefined {
  const words = [...v.matchAll(/[^ \t]+/g)];
  const texts = words.map((w) => w[0]);
  const head = texts.findIndex((_, i) => WHOLE_FACILITY_HEAD.test(texts.slice(i).join(' ')) || FACILITY_HEAD_WORDS.has(texts[i]));
  if (head <= 0) return undefined;
  const names = (w: string) => !isMedicalTerm(w.toLowerCase()) && !hasClinicalWord(w.toLowerCase()) && !NOT_AN_ORGANISATION.has(w.toLowerCase()) && !GENERIC_CAPS.has(w);
  let first = texts.slice(0, head).findIndex(names);
  if (first === -1 || texts.slice(first, head).some((w) => CAPS_FUNCTION_WORDS.has(w))) return undefined;
  while (first > 0 && CAPS_PLACE_OPENERS.has(texts[first - 1])) first--;
  return [words[first].index, v.length];
}

// Nineteenth round: a letterhead, the body's name and a form's title in capitals on one line, either way
// round ("Lifeflight Kestrel 6 — PRIMARY RETRIEVAL", "Sunrise OTP Pecos Wells — DAILY DISPENSING LOG",
// "Onkološki dnevni boravak KBC — SACT PRESCRIPTION", "ZOONOSIS CONTACT TRACE — Department of Fish and
// Wildlife, Methow   Ref …", "RADIO MEDICAL ADVICE — MV Tern Island   call …"): the name between the line's
// start (or the title) and the dash or dot (or the next wide gap: one blank between its words). Words of the name in lower case only
// between capitalised ones, so a sentence ("Pain reviewed — NO CHANGE") is not one.
const HEAD_WORD = "(?:St\\.|Mt\\.|[\\p{Lu}\\d][\\p{L}\\p{M}\\p{N}'’&.-]*)";
const HEAD_RUN = `(${HEAD_WORD}(?:,?[ \\t](?:[\\p{Ll}][\\p{L}\\p{M}'’-]*[ \\t])*${HEAD_WORD}){0,7})`;
const CAPS_TITLE = "[\\p{Lu}&]{2,}(?:[ \\t]+(?:[\\p{Lu}&]{2,}|[IVX]+|\\d+))+";
const LETTERHEAD_BEFORE_TITLE = new RegExp(`^[ \\t]*${HEAD_RUN}[ \\t]+[—–·|][ \\t]+(?=${CAPS_TITLE}(?![\\p{Ll}]))`, 'gmu');
const LETTERHEAD_AFTER_TITLE = new RegExp(`^[ \\t]*${CAPS_TITLE}[ \\t]+[—–·|][ \\t]+${HEAD_RUN}(?=[ \\t]{2,}|[ \\t]*$|[ \\t]+[—–·|])`, 'gmu');
const LETTERHEAD_HEAD = /^(?:Hospital|Clinic|Centre|Center|Department|Dept\.?|Practice|Trust|Authority|Council|Court|Tribunal|Office|Institute|Foundation|Association|Society|Agency|Board|University|College|School|Church|Parish|Ministry|Bureau|Commission|Service|Services)$/;
function letterhead(value: string): boolean {
  // A form's own title in capitals is not the body's name ("PROSTHETICS & ORTHOTICS — FITTING RECORD").
  if (/^[\p{Lu}&\d ,.'’-]+$/u.test(value) && value.split(/[ \t]+/).length > 1 && !/\d/.test(value)) return false;
  if (!organisationAfterLabel(value.replace(/,/g, ''))) return false;
  // Review mend: a form's section or a care instruction in English ("Nursing Notes — NIGHT SHIFT", "ADVANCE CARE PLAN —
  // Do Not Resuscitate") is no body: one word must be an organisation's or unknown to English and the clinic.
  return value.split(/[ \t,]+/).some((w) => LETTERHEAD_HEAD.test(w) || (/\p{L}/u.test(w) && unknownWord(w) && !isMedicalTerm(w.toLowerCase())));
}

// perLine: no match of the rule crosses a line break (only [ \t] between its words), so its gate is
// tested per line and the pattern runs only on lines that pass it, not on the whole note.
const RULES: Array<{ re: RegExp; group: number; kind: IdentifierKind; gate?: RegExp; perLine?: boolean; valid?: (v: string) => boolean; vouched?: boolean; raw?: boolean; encloses?: boolean; fit?: (v: string) => [number, number] | undefined }> = [
  // A name in lower case before a bracketed credential ("rivka (lpn)", "zalman grünspan (rn)").
  {
    gate: /\([a-z-]{2,7}\)/,
    re: new RegExp(`(?<![\\p{L}\\p{N}])(\\p{Ll}[\\p{Ll}\\p{M}'’ʻ-]{1,30}(?:[ \\t]{1,3}\\p{Ll}[\\p{Ll}\\p{M}'’ʻ-]{1,30}){0,2})[ \\t]{0,3}\\((?:${BRACKET_CREDENTIAL})\\)`, 'gu'),
    group: 1,
    kind: 'PERSON',
    // The name is the words just before the credential that could be one ("with rivka (lpn)").
    fit: (v) => {
      const words = [...v.matchAll(/[^ \t]+/g)];
      const n = words.findLastIndex((w) => !nameWordsOnly(w[0]));
      return n === words.length - 1 ? undefined : [words[n + 1].index, v.length];
    },
    vouched: true,
    raw: true,
  },
  // A lower-case or capitals name after a role or kin word.
  {
    re: new RegExp(`\\b${ROLE_BEFORE_NAME}(?:[ \\t]{0,4}:[ \\t]{0,4}|[ \\t]{1,4})(${LOWER_OR_CAPS_NAME})(?![\\p{L}\\p{N}])`, 'gu'),
    group: 1,
    kind: 'PERSON',
    // The name is the words up to the first that could not be one ("souvik mukhopadhyay visits").
    fit: (v) => {
      const words = v.split(/[ \t]+/);
      // A particle between two name words is part of the name ("ngaire te rangi", "jan van der meer").
      const inside = (w: string, i: number) => i > 0 && i < words.length - 1 && NAME_PARTICLE.test(w) && nameWordsOnly(words[i + 1]);
      const n = words.findIndex((w, i) => !nameWordsOnly(w) && !inside(w, i));
      const kept = n === -1 ? words.length : n;
      if (kept >= 2) return [0, words.slice(0, kept).join(' ').length];
      // One name word signed with a credential that is no ordinary word ("eleftheria bvsc", "gráinne cep").
      return kept === 1 && isCredential(words[1].toLowerCase()) && !AMBIGUOUS_CREDENTIALS.has(words[1].toLowerCase()) ? [0, words[0].length] : undefined;
    },
    vouched: true,
    raw: true,
  },
  { gate: /\p{Lu},[ʻ'’]?\p{Lu}/u, perLine: true, re: GLUED_REGISTRATION, group: 1, kind: 'PERSON', fit: gluedRegistration, vouched: true, raw: true },
  { gate: /\p{Lu}[\p{Lu}\p{M}'’ʻ‘-],[ \t]{1,2}[ʻ'’‘]?\p{Lu}/u, perLine: true, re: SPACED_REGISTRATION, group: 1, kind: 'PERSON', fit: spacedRegistration, vouched: true, raw: true },
  // Taken as written: the lower-case words are the name, not context before it.
  { gate: /(?:\b(?:at|from|to|with|via|by|per|through|[Hh]ub|[Ss]poke)|:)[ \t]+[a-z]/, re: LOWER_ORG, group: 1, kind: 'ORGANIZATION', valid: lowerOrganisation, vouched: true, raw: true },
  { gate: /\b(?:at|for|by|from|with)[ \t]+[a-z]/, re: LOWER_EMPLOYER, group: 1, kind: 'ORGANIZATION', valid: lowerEmployer, vouched: true, raw: true },
  { gate: /:/, re: ORG_LABEL, group: 1, kind: 'ORGANIZATION', valid: organisationAfterLabel, vouched: true },
  { gate: /[Ee]mployer|EMPLOYER|[Pp]ay(?:er|or)\b|[Ii]nsurer|[Ii]nsurance[ \t]+with|[Ss]upplier|[Vv]endor/, re: ORG_LABEL_IN_TEXT, group: 1, kind: 'ORGANIZATION', valid: organisationAfterLabel, vouched: true },
  { gate: /[Cc]over|COVER|[Bb]ill|BILLING|[Ff]und|[Ii]nsured|[Ii]nsurer|[Pp]aid[ \t]+by/, re: PAYER_AFTER_CUE, group: 1, kind: 'ORGANIZATION', valid: payerAfterCue, vouched: true },
  { gate: /[ \t][—–·|][ \t]+\p{Lu}/u, perLine: true, re: LETTERHEAD_BEFORE_TITLE, group: 1, kind: 'ORGANIZATION', valid: letterhead, vouched: true, encloses: true },
  { gate: /\p{Lu}{2}[ \t]+[—–·|][ \t]+[\p{Lu}\d]/u, perLine: true, re: LETTERHEAD_AFTER_TITLE, group: 1, kind: 'ORGANIZATION', valid: letterhead, vouched: true, encloses: true },
  // Vouched for by its cue: kept even when every word is a product or vendor name.
  { re: new RegExp(`${EMPLOYER_CUE}${ORG_RUN}`, 'gu'), group: 1, kind: 'ORGANIZATION', valid: employerInContext, vouched: true },
  // Vouched: after such a cue an intercapped word or an acronym is the organisation ("requested
  // from LabCorp", "Insurance: WellCare", "works at IKEA"), not the product or code word it is elsewhere.
  { re: new RegExp(`${ORG_CUE}${ORG_RUN}`, 'gu'), group: 1, kind: 'ORGANIZATION', valid: organisationInContext, vouched: true },
  {
    // Gated by the word that must follow: without it the run was tried at every word of the note.
    gate: /[ \t](?:campus|ED|ER|optical|van|shuttle|plant|warehouse|store|depot|distribution center|location|branch|office|pharmacy)\b/,
    perLine: true,
    re: new RegExp(`(?<![\\p{L}\\p{N}'’-])${ORG_RUN}(?=[ \\t]+(?:campus|ED|ER|optical|van|shuttle|plant|warehouse|store|depot|distribution center|location|branch|office|pharmacy)\\b)`, 'gu'),
    group: 1,
    kind: 'ORGANIZATION',
    valid: organisationInContext,
  },
  // Dr. Priya Raman, Mrs. O'Connor, Prof. van der Berg: the honorific stays for the model.
  { re: new RegExp(`\\b${HONORIFIC}\\.?\\s+((?:${PARTICLE}\\s+){0,2}${FULL_NAME})`, 'gu'), group: 1, kind: 'PERSON' },
  // Labelled names: "Patient: Lopez, Maria", "Attending: Tomasz Nowak", "cc: Aiko Tanaka".
  {
    re: new RegExp(
      `\\b(?:Patient|Name|Pt|Attending|Resident|Physician|Provider|Surgeon|Nurse|RN|NP|PA|Consultant|cc|CC|Signed|Electronically signed by|Dictated by|Referred by|Referring|Contact|Next of kin|NOK|Emergency contact|Guardian|Mother|Father|Wife|Husband|Son|Daughter|Sister|Brother|Partner|Caregiver|From|To|Attn)\\s*(?:name\\s*)?[:,-]\\s*(?:${HONORIFIC}\\.?\\s+)?((?:${NAME_WORD}),\\s+(?:${NAME_WORD})(?:\\s+[A-Z]\\.)?|${FULL_NAME})`,
      'gu',
    ),
    group: 1,
    kind: 'PERSON',
  },
  // Relatives and carers: "son Kenji", "her aunt Loretta Simmons".
  {
    re: new RegExp(
      `\\b(?:[Ss]on|[Dd]aughter|[Ww]ife|[Hh]usband|[Mm]other|[Ff]ather|[Ss]ister|[Bb]rother|[Pp]artner|[Aa]unt|[Uu]ncle|[Nn]ephew|[Nn]iece|[Gg]randson|[Gg]randdaughter|[Ff]riend|[Cc]arer|[Nn]eighbou?r)\\s+(${NAME_WORD}(?:\\s+${NAME_WORD})?)`,
      'gu',
    ),
    group: 1,
    kind: 'PERSON',
  },
  // Facilities named by a head noun ("Sunrise of Westport Assisted Living", "di Thompson Memorial Hospital").
  {
    re: new RegExp(
      `((?:(?:St\\.?|${PARTICLE})\\s+)?${NAME_WORD}(?:\\s+(?:${NAME_WORD}|St\\.|of|the|and|&|${PARTICLE})){0,5}?\\s+(?:${FACILITY_HEAD})(?:\\s+(?:${FACILITY_HEAD}|${HEAD_TAIL})(?![\\p{L}])){0,3}(?:\\s+(?:and|&)\\s+(?:${NAME_WORD}\\s+){0,2}(?:${FACILITY_HEAD}))?(?:\\s+(?:of|at|in|for)\\s+(?:the\\s+)?${NAME_WORD}(?:\\s+(?:(?:and|&)\\s+)?${NAME_WORD})?)?)(?![\\p{L}])`,
      'gu',
    ),
    group: 1,
    kind: 'ORGANIZATION',
    encloses: true,
    // "Pediatric Endocrinology", "Nuclear Cardiology", "General Hospital": a specialty or a generic
    // facility, unless a word of it names it.
    valid: (v) => !v.split(/\s+/).every((w) => /^(?:of|the|and|&|St\.?)$/i.test(w) || FACILITY_HEAD_WORDS.has(w.toUpperCase()) || NOT_AN_ORGANISATION.has(w.toLowerCase()) || isOrganisationWord(w) || isMedicalTerm(w.toLowerCase()) || hasClinicalWord(w.toLowerCase())),
  },
  // Bodies named "<kind> of <place>" ("University of Strathclyde", "Kiwanis of Quitman", "Sisters of
  // Mercy", "Bank of Ireland"): the place after "of" is the organisation's, and so is its kind.
  {
    gate: /(?:University|College|Institute|Academy|Bank|Church|Diocese|Archdiocese|Sisters|Brothers|Daughters|Knights|Friends|Kiwanis|Rotary|Lions|Society|Museum|Federation|Port Authority) of /,
    re: new RegExp(`((?:${NAME_WORD}[ \\t]+){0,2}(?:University|College|Institute|Academy|Bank|Church|Diocese|Archdiocese|Sisters|Brothers|Daughters|Knights|Friends|Kiwanis|Rotary|Lions|Society|Museum|Federation|Port Authority)[ \\t]+of[ \\t]+(?:the[ \\t]+)?${NAME_WORD}(?:[ \\t]+(?:(?:and|&|of|the)[ \\t]+){0,2}${NAME_WORD}){0,3})(?![\\p{L}])`, 'gu'),
    group: 1,
    kind: 'ORGANIZATION',
    vouched: true,
    encloses: true,
  },
  // A congregation named after its head word ("Temple Beth Shalom of Hurricane", "Masjid al-Taqwa",
  // "Congregation Beth Israel"), Arabic article and place included; "Temple, TX" is a town.
  {
    gate: /\b(?:Temple|Masjid|Mosque|Synagogue|Congregation|Gurdwara|Mandir|Shul)[ \t]+\p{L}/u,
    perLine: true,
    re: /(?<![\p{L}\p{N}])((?:Temple|Masjid|Mosque|Synagogue|Congregation|Gurdwara|Mandir|Shul)(?:[ \t]+(?:(?:al|el|ar|as|an|ad|at|ul)-)?\p{Lu}[\p{L}\p{M}'’-]+){1,3}(?:[ \t]+of[ \t]+(?:the[ \t]+)?\p{Lu}[\p{L}\p{M}'’-]+(?:[ \t]+\p{Lu}[\p{L}\p{M}'’-]+)?)?)(?![\p{L}\p{N}])/gu,
    group: 1,
    kind: 'ORGANIZATION',
    vouched: true,
    valid: (v) => !/[ \t](?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Hills?|Terrace|Court|Ct)$/.test(v),
  },
  // A health plan by its brand ("Wellmark BCBS", "Blue Cross of Idaho", "Blue Cross Blue Shield of
  // Texas", "TRICARE West"): the region or company with it is part of the identifier.
  {
    gate: /\b(?:BCBS|Blue (?:Cross|Shield)|TRICARE|Tricare)\b/,
    perLine: true,
    re: /(?<![\p{L}\p{N}])((?:\p{Lu}[\p{L}'’-]+[ \t]+)?(?:BCBS|Blue[ \t]+Cross(?:[ \t]+(?:and[ \t]+|&[ \t]+)?Blue[ \t]+Shield)?|Blue[ \t]+Shield|TRICARE|Tricare)(?:[ \t]+of[ \t]+(?:the[ \t]+)?\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+)?|[ \t]+(?:West|East|North|South|Prime|Select|For Life|Reserve Select|Overseas|Young Adult))?)(?![\p{L}\p{N}])/gu,
    group: 1,
    kind: 'ORGANIZATION',
    vouched: true,
    // "Insurance BCBS", "Plan Blue Cross": a label before the brand is not part of it.
    fit: (v) => {
      const first = /^(\p{Lu}[\p{L}'’-]+)[ \t]+(?=BCBS|Blue|TRICARE|Tricare)/u.exec(v);
      return first && (isCommonWord(first[1].toLowerCase()) || /^(?:Insurance|Plan|Payer|Payor|Coverage|Primary|Secondary|Ins)$/i.test(first[1])) ? [first[0].length, v.length] : [0, v.length];
    },
  },
  // A veterans' or fraternal post by its number ("VFW Post 6587", "American Legion Post 44", "AMVETS Post 7").
  {
    gate: /[ \t]Post[ \t]+(?:No\.?[ \t]*)?\d/,
    perLine: true,
    re: /(?<![\p{L}\p{N}])((?:\p{Lu}[\p{L}'’.&-]*[ \t]+){1,4}Post[ \t]+(?:No\.?[ \t]*)?\d{1,5})(?![\p{L}\p{N}])/gu,
    group: 1,
    kind: 'ORGANIZATION',
    vouched: true,
    // The words before "Post" up to the first that cannot open such a name ("to VFW Post 44").
    fit: (v) => {
      const words = [...v.matchAll(/[^ \t]+/g)];
      const post = words.findIndex((w) => w[0] === 'Post');
      let first = post;
      const opens = (w: string) => /^(?:American|Legion|Veterans|Foreign|Wars|Disabled|Fraternal|Order|Catholic|Jewish)$/.test(w) || (!/^(?:The|To|At|From|Of|And|Unit:?|Then)$/i.test(w) && !isCommonWord(w.toLowerCase()));
      while (first > 0 && opens(words[first - 1][0])) first--;
      return first === post ? undefined : [words[first].index, v.length];
    },
  },
  // Military units by their number and arm ("82nd Airborne Division", "1st Battalion", "3rd Marine
  // Regiment"), and by battalion and regiment together ("1-34th Armored Regiment", "2/7th Cavalry").
  {
    gate: /\d(?:st|nd|rd|th)\s/,
    re: new RegExp(`(?<![\\p{L}\\p{N}/-])((?:\\d{1,3}[-/])?\\d{1,3}(?:st|nd|rd|th)\\s+(?:${NAME_WORD}\\s+){0,3}(?:Division|Battalion|Regiment|Brigade|Squadron|Corps|Fleet|Infantry|Cavalry|Artillery|Marines|Airborne|Signal Company|Engineer Company|Medical Company))(?![\\p{L}])`, 'gu'),
    group: 1,
    kind: 'ORGANIZATION',
  },
  // The same in capitals, as a letterhead or a form writes it ("CEDAR RIDGE ORTHOPAEDICS",
  // "ST. JUDE MEDICAL CENTER"), unless every word before the head is a clinical or generic word
  // ("PRIMARY CARE", "HOME HEALTH", "PHYSICAL THERAPY").
  {
    // Three letters either side say the same as three or more, without trying every run length (a
    // 50,000-capital run took 2 s).
    gate: /[A-Z]{3}[ \t]+[A-Z]{3}/,
    re: new RegExp(`(?<![\\p{L}])((?:(?:ST\\.|[A-Z][A-Z'’&-]{0,62}[A-Z])[ \\t]+){1,5}(?:${FACILITY_HEAD.toUpperCase()})(?:[ \\t]+(?:${FACILITY_HEAD.toUpperCase()})){0,2})(?![\\p{L}])`, 'gu'),
    group: 1,
    kind: 'ORGANIZATION',
    // Capitals are code-shaped to the later filter (constants, headings): this shape vouches for itself.
    vouched: true,
    fit: capsFacility,
  },
  // Public bodies named "Department/Office/Bureau of …" ("Missouri Department of Transportation",
  // "Department of Children and Families", "Office of the Chief Medical Examiner", "Law Office of
  // Priya Natesan"), not a hospital's own department ("Department of Surgery").
  {
    gate: /(?:Department|Office|Bureau|Ministry|Division) of /,
    re: new RegExp(`((?:${NAME_WORD}[ \\t]+){0,3}(?:Department|Office|Bureau|Ministry|Division)[ \\t]+of[ \\t]+(?:the[ \\t]+)?${NAME_WORD}(?:[ \\t]+(?:(?:and|&|of|for|the)[ \\t]+){0,2}${NAME_WORD}){0,4})(?![\\p{L}])`, 'gu'),
    group: 1,
    kind: 'ORGANIZATION',
    vouched: true,
    valid: (v) => !/(?:Department|Office|Division) of (?:the )?\S+$/.test(v) || !isDepartmentOrLanguage(v.split(/\s+/).pop() ?? ''),
  },
  // Catholic institutions named for Mary or a saint's title: "Our Lady of the Lake", "Our Lady of Lourdes".
  { gate: /Our Lady of/, re: /\b(Our Lady of (?:the\s+)?(?:Perpetual\s+)?\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){0,2})/gu, group: 1, kind: 'ORGANIZATION' },
  // The same in capitals, with the head after it: "OUR LADY OF THE PRAIRIE HOSPITAL".
  { gate: /OUR LADY OF/, re: /\b(OUR LADY OF (?:THE\s+)?(?:PERPETUAL\s+)?\p{Lu}[\p{Lu}'’-]+(?:\s+(?:HOSPITAL|MEDICAL CENTER|CHURCH|PARISH|SCHOOL|ACADEMY|HOME|CENTER|CENTRE|CLINIC))?)(?![\p{L}])/gu, group: 1, kind: 'ORGANIZATION', vouched: true, raw: true },
  // Public bodies named for their town or county: "Hazlehurst Police Department", "Saguache County Sheriff's Office".
  {
    gate: /Police|Sheriff|Fire (?:Department|Rescue)|Marshal/,
    re: /\b((?:\p{Lu}[\p{L}'’.-]+\s+){1,3}(?:Police(?:\s+(?:Department|Dept\.?|Service|Force))?|Sheriff['’]?s?\s+(?:Office|Department|Dept\.?)|Fire\s+(?:Department|Dept\.?|Rescue)|Marshals?\s+Service))(?![\p{L}])/gu,
    group: 1,
    kind: 'ORGANIZATION',
  },
  // A nickname in quotes inside a name: 'Tunde "TJ" Oyelowo', "Magdalena 'Maggie' Szabo".
  { gate: /\s["“'‘]\p{Lu}/u, re: new RegExp(`(${NAME_WORD}\\s+["“'‘][\\p{Lu}][\\p{L}.-]*["”'’]\\s+${NAME_WORD})`, 'gu'), group: 1, kind: 'PERSON' },
  // Initials as a signature before a credential: "TW (RN)", "KT, LPN" (not "ICU RN").
  { re: /(?<![\p{L}\p{N}])((?!(?:ED|ER|OR|IR|GI|OB|ICU|CCU|PACU|NICU|PICU|MICU|SICU|ENT|PT|OT|ST|RT|SW|CM|UR|HH|SNF|LTC|ALF|ACP|POA|HCP|DNR|DNI|PCP|ID)\b)[A-Z]{2,3})(?=\s*(?:\(\s*|,\s*)(?:RN|LPN|LVN|CNA|NP|MD|DO|PA-C|RT|CWOCN|MSW|PharmD|MLT|MLS|AuD|OTR|COTA|PTA|SLP|RRT|CRNA|CNM|DPT|LCSW|EMT|EMT-P|DDS|DMD|RDH|CMA|CPhT|RD|DPM|IBCLC)\b)/gu, group: 1, kind: 'PERSON' },
  // The same without a comma before a credential no word shares ("KT MLT", "JB CRNA").
  { re: /(?<![\p{L}\p{N}])((?!(?:ED|ER|OR|IR|GI|OB|ICU|CCU|PACU|NICU|PICU|MICU|SICU|ENT|PT|OT|ST|RT|SW|CM|UR|HH|SNF|LTC|ALF|ACP|POA|HCP|DNR|DNI|PCP|ID|AM|PM|IV|IM|PO|PRN|BID|TID|QID|QD|HS|AC|PC|NPO|OOB|BR|BRP|CP|SOB|HR|BP|RR|RA|NC|FYI|WNL|NAD|CC|RE|ATTN|GP|UK|US|USA|NHS|VA|OOH|MDT|ANP|APP|CNS|SHO|SPR|FY|CT|ST|CCT|OP|IP)\b)[A-Z]{2,3})(?=[ \t]+(?:RN|LPN|LVN|CNA|MLT|MLS|AuD|COTA|CRNA|CNM|DPT|LCSW|RDH|CMA|CPhT|DPM|IBCLC|EMT-P|MD|NP|MBBS|MRCP|MRCGP|FRCP|FRCS|FRANZCO|DNP|PharmD)\b)/gu, group: 1, kind: 'PERSON', vouched: true },
  // A store of a chain by its number: "CVS #2291", "Walgreens store 4417" (not "Room #204", "PR #567").
  { gate: /#\s*\d|[Ss]tore\s|No\.\s*\d/, re: /(?<![\p{L}\p{N}])(?!(?:Room|Rm|Bed|Suite|Apt|Unit|Lot|Rx|Order|Claim|Case|Acct|Account|Incident|Ticket|Ref|Invoice|Batch|Kit|Box|Bay|Chair|Pod|Station|Floor|Badge|ID|MRN|Item|Page|Line|Step|Issue|PR|Job|Task|Run|Build|Version|Ext|Policy|Member|Group|Plan|Study|Protocol|Trial|Site|Subject|Patient|Pt)\b)((?:[A-Z][\p{L}'’&-]{0,63}\s+){0,2}[A-Z][\p{L}'’&-]{0,63}\s*(?:#\s*|[Ss]tore\s+(?:#\s*)?|No\.\s*)\d{3,6})(?!\d)/gu, group: 1, kind: 'ORGANIZATION' },
  // "Dear Hannah," and sign-offs ("Kind regards,\nTomasz Nowak").
  { re: new RegExp(`\\bDear\\s+(${FULL_NAME})`, 'gu'), group: 1, kind: 'PERSON' },
  {
    re: new RegExp(`\\b(?:regards|Regards|Sincerely|sincerely|Thanks|Best wishes|Yours truly|Yours faithfully)[,.]?[^\\S\\n]*\\n\\s*(${FULL_NAME})`, 'gu'),
    group: 1,
    kind: 'PERSON',
  },
];

// A name right before one of these is an eponym, not a person ("Bell's palsy", "Foley catheter").
const EPONYM_HEAD =
  /^(?:['’]s)?\s+(?:disease|syndrome|lymphoma|sarcoma|palsy|sign|test|score|scale|criteria|catheter|maneuver|manoeuvre|reflex|phenomenon|fracture|ulcer|tumou?r|procedure|classification|operation|disorder|triad|law|node|cell|cells|body|bodies|ratio|equation|formula|index|position|granuloma|aneurysm|anomaly|block|murmur|nodes|stain|encephalopathy|dementia|thyroiditis|chorea|esophagus|oesophagus|virus|tube|line|solution|bundle)\b/i;

const HONORIFIC_PREFIX = new RegExp(`^${HONORIFIC}\\.?\\s+`);
const HONORIFIC_ONLY = new RegExp(`^${HONORIFIC}\\.?$`, 'i');
// Credentials after a name ("Rachel Goldfarb, MS, CGC") are not part of it.
// Role and department words that open or close a name-like run but are not the name.
const ROLE_WORD =
  /^(?:Pt|Patient|Client|Resident|Wife|Husband|Mother|Father|Son|Daughter|Partner|Grandson|Granddaughter|Sister|Brother|Aunt|Uncle|Nephew|Niece|Driver|Nurse|Carer|Caregiver|Neurology|Cardiology|Oncology|Pulmonary|Nephrology|Pharmacy|Radiology|Endocrine|Endocrinology|Geriatrics|Psychiatry|Rheumatology|Surgery|Clinic|Ward)$/;
const CREDENTIAL = /^(?:MD|DO|MS|MSc|RN|NP|PA|PA-C|PhD|CGC|MBBS|FRCP|DDS|PharmD|LPN|CNA|BSN|MSN|DNP|APRN)$/;

const FUNCTION_LEAD = /^(?:From|To|In|At|On|Of|For|With|By|The|And|Or|Per|Via|Near|Into|Onto|Than|Then|When|If|But|So|Also)\s+(?=\p{Lu})/u;

const LEAD = new RegExp(`^(?!${PARTICLE}\\s+\\p{Lu})[a-z][\\p{L}'’-]*\\s+`, 'u');
function trimSpan(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s < e && /[\s.,;:!?"'()\]\[]/.test(text[s])) s++;
  while (e > s && /[\s.,;:!?"()\]\[]/.test(text[e - 1])) e--;
  // Leading lowercase words ("her aunt") are context, not the name.
  for (let m = LEAD.exec(text.slice(s, e)); m; m = LEAD.exec(text.slice(s, e))) {
    s += m[0].length;
  }
  // A capitalised function word opening a sentence is not part of the name ("From Lake County").
  for (let m = FUNCTION_LEAD.exec(text.slice(s, e)); m; m = FUNCTION_LEAD.exec(text.slice(s, e))) s += m[0].length;
  for (let m = /^(\S+)\s+/.exec(text.slice(s, e)); m && ROLE_WORD.test(m[1]); m = /^(\S+)\s+/.exec(text.slice(s, e))) {
    s += m[0].length;
  }
  // A possessive belongs to the sentence, not the name.
  if (/['’]s$/.test(text.slice(s, e))) e -= 2;
  // Keep the honorific readable: "Dr. [PERSON_1]".
  const h = HONORIFIC_PREFIX.exec(text.slice(s, e));
  if (h) s += h[0].length;
  return [s, e];
}

const PARTICLE_THEN = /^(?:de|da|do|dos|das|di|del|della|von|van|la|le)\s+(?=\S)/i;

function particleEponym(value: string): boolean {
  const m = PARTICLE_THEN.exec(value);
  return m !== null && isMedicalTerm(value.slice(m[0].length));
}

function isEponym(text: string, start: number, end: number): boolean {
  const value = text.slice(start, end);
  if (isMedicalTerm(value)) return true;
  return EPONYM_HEAD.test(text.slice(end, end + 40));
}

function pushSpan(spans: Span[], text: string, start: number, end: number, kind: IdentifierKind, trusted = false): void {
  const [s, e] = trimSpan(text, start, end);
  const value = text.slice(s, e);
  if (e - s < 2 || !/[A-Za-zÀ-ÿ]/.test(value) || HONORIFIC_ONLY.test(value) || CREDENTIAL.test(value) || ROLE_WORD.test(value)) return;
  // Short all-capital tokens (BP, NHS, DEA, GA) are abbreviations; states may stay under Safe Harbor.
  if (kind !== 'PERSON' && /^[A-Z]{1,4}$/.test(value)) return;
  if (trusted && !/\s/.test(value) && isCommonWord(value) && kind === 'PERSON') return;
  if (!trusted && (isEponym(text, s, e) || hasClinicalWord(value))) return;
  spans.push({ start: s, end: e, kind, priority: 2 });
}

// Per-term output is skipped: only the match offsets are needed, and terms cost time.
const JSON_OPTS = { offset: true, terms: false } as unknown as { offset: boolean };

interface NlpMatch {
  offset: { start: number; length: number };
}

let loaded: { tagger: typeof Nlp; lexicon: Record<string, string> } | undefined;
/** compromise and its word → tag lexicon, loaded on first use. */
function compromise(): { tagger: typeof Nlp; lexicon: Record<string, string> } {
  if (!loaded) {
    const tagger = createRequire(__filename)('compromise') as typeof Nlp;
    loaded = { tagger, lexicon: (tagger.world() as unknown as { model: { one: { lexicon: Record<string, string> } } }).model.one.lexicon };
  }
  return loaded;
}
const nlp = (text: string): ReturnType<typeof Nlp> => compromise().tagger(text);
const lexiconTag = (word: string): string | undefined => compromise().lexicon[word];
const NAMEISH_TAG = /Name|Place|City|Country|Region|Organization|Person/;

/**
 * NLP tagging is the expensive step (about 10 ms per kB here), so a sentence goes to the tagger
 * only when it still has a capitalised word that no cheaper rule explained and that is not an
 * ordinary English word or a medical term: "Continue metformin." is skipped, and so is
 * "Seen by Dr. Priya Raman." once the honorific rule has found the name.
 */
function worthTagging(sentence: string, offset: number, found: Span[], protect: Array<[number, number]>): boolean {
  const word = /[\p{L}\p{M}'’-]+/gu;
  for (let m = word.exec(sentence); m; m = word.exec(sentence)) {
    const w = m[0];
    if (!/^\p{Lu}\p{Ll}/u.test(w) || isMedicalTerm(w) || hasClinicalWord(w)) continue;
    const tag = lexiconTag(w.toLowerCase().replace(/['’]s$/, ''));
    if (tag !== undefined && !NAMEISH_TAG.test(tag)) continue;
    const at = offset + m.index;
    const inside = (r: Array<[number, number]>) => r.some(([a, b]) => a <= at && b >= at + w.length);
    // Mid-sentence unknown words are taken by the token rules; what is left for the tagger is a
    // capitalised word that opens a clause and is followed by a lower-case word ("Thiago says").
    if (!/^\s+\p{Ll}/u.test(sentence.slice(m.index + w.length, m.index + w.length + 3))) continue;
    if (!inside(protect) && !inside(found.map((f) => [f.start, f.end]))) return true;
  }
  return false;
}

function nlpSpans(text: string, spans: Span[], protect: Array<[number, number]>): void {
  // Sentences worth tagging go to the tagger in one call (per-call overhead is large), joined
  // by newlines; `segments` maps each offset in the joined text back to the note.
  const segments: Array<{ at: number; from: number; length: number }> = [];
  let joined = '';
  const sentence = /[^.!?\n]+(?:[.!?]+|\n|$)/g;
  for (let m = sentence.exec(text); m; m = sentence.exec(text)) {
    if (m[0].length === 0) {
      sentence.lastIndex++;
      continue;
    }
    if (!worthTagging(m[0], m.index, spans, protect)) continue;
    segments.push({ at: joined.length, from: m.index, length: m[0].length });
    joined += `${m[0]}\n`;
  }
  if (segments.length === 0) return;
  const doc = nlp(joined);
  const kinds: Array<[IdentifierKind, NlpMatch[]]> = [
    ['PERSON', doc.people().json(JSON_OPTS) as NlpMatch[]],
    ['LOCATION', doc.places().json(JSON_OPTS) as NlpMatch[]],
    ['ORGANIZATION', doc.organizations().json(JSON_OPTS) as NlpMatch[]],
  ];
  for (const [kind, found] of kinds) {
    for (const f of found) {
      const seg = segments.findLast((g) => g.at <= f.offset.start);
      if (!seg) continue;
      const start = seg.from + (f.offset.start - seg.at);
      const end = Math.min(start + f.offset.length, seg.from + seg.length);
      pushSpan(spans, text, start, end, kind);
    }
  }
}


/**
 * "Coulee Regional Hospital (CRH)", "Okanogan County Sheriff's Office (OCSO)": initials in brackets
 * right after an organisation are its short name, there and wherever else the note uses them.
 */
function definedInitialisms(text: string, spans: Span[], protect: Array<[number, number]>): void {
  const defined = new Set<string>();
  for (const s of spans) {
    if (s.kind !== 'ORGANIZATION') continue;
    const m = /^[ \t]*\(([A-Z][A-Z&]{1,7})\)/.exec(text.slice(s.end, s.end + 12));
    if (m && !NOT_AN_ACRONYM_ORGANISATION.has(m[1])) defined.add(m[1]);
  }
  if (defined.size === 0) return;
  // Characters already taken, marked once: a note repeating the initials thousands of times costs
  // one pass, not one scan of every span per occurrence.
  const taken = new Uint8Array(text.length);
  for (const [a, b] of [...protect, ...spans.map((sp): [number, number] => [sp.start, sp.end])]) taken.fill(1, a, b);
  for (const initials of defined) {
    for (let at = text.indexOf(initials); at >= 0; at = text.indexOf(initials, at + initials.length)) {
      const end = at + initials.length;
      if (/[\p{L}\p{N}]/u.test(text[at - 1] ?? '') || /[\p{L}\p{N}]/u.test(text[end] ?? '')) continue;
      if (taken.subarray(at, end).includes(1)) continue;
      taken.fill(1, at, end);
      spans.push({ start: at, end, kind: 'ORGANIZATION', priority: 2 });
    }
  }
}

/** An ordinary English word that no gazetteer lists as a given name or surname. */
const ordinaryNotName = (word: string): boolean => {
  const lw = word.toLowerCase();
  return isEnglishWord(lw) && !isGazetteerName(lw);
};

// The words propagate() reads (a module constant run by exec(): matchAll() copies the regex per call).
const PROPAGATE_WORD = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;

/**
 * Each part of a found person name, found again wherever it stands, in any case ("Raman" after
 * "Dr. Priya Raman", "OKAFOR" after "Chidinma Okafor"), except inside protected clinical terms.
 * One pass over the words with a set lookup: a case-blind alternation regex cost more than all
 * the other detectors together.
 */
function propagate(text: string, spans: Span[], protect: Array<[number, number]>, protected_: RangeOverlap): void {
  const parts = new Set<string>();
  // Two parts next to each other in a found name ("grand isle" of "Grand Isle Marsh").
  const pairs = new Set<string>();
  const key = (w: string) => {
    const lw = w.toLowerCase();
    return lw.includes("'") || lw.includes('’') ? lw.replace(/['’]/g, '') : lw;
  };
  // Characters inside an organisation's span, counted up to each offset: a person span wholly inside
  // one is found in constant time (a search of every organisation for every person was quadratic on a
  // text of many of both: "Ab type II" repeated took 650 ms of 50,000 characters).
  let orgCovered: Int32Array | undefined;
  for (const o of spans) {
    if (o.kind !== 'ORGANIZATION') continue;
    orgCovered ??= new Int32Array(text.length + 1);
    for (let i = o.start; i < o.end; i++) orgCovered[i + 1] = 1;
  }
  if (orgCovered) for (let i = 1; i <= text.length; i++) orgCovered[i] += orgCovered[i - 1];
  for (const s of spans) {
    if (s.kind !== 'PERSON') continue;
    // Words of an organisation's name taken for a person ("Tillamook Epilepsy" in "Tillamook Epilepsy
    // Nurse Service") are that organisation's, not a name to find again in the note.
    if (orgCovered && orgCovered[s.end] - orgCovered[s.start] === s.end - s.start) continue;
    let previous = '';
    for (const part of text.slice(s.start, s.end).split(/[\s,()"“”]+/)) {
      const clean = part.replace(/['’]s$/, '').replace(/[.]$/, '');
      if (clean.length >= 2 && !/^\p{Lu}\.?$/u.test(clean) && !isMedicalTerm(clean) && !hasClinicalWord(clean) && !(clean.length < 4 && isCommonWord(clean))) {
        parts.add(key(clean));
        // Only a pair the gazetteer knows a word of ("grand isle"), not a title ("medical examiner").
        if (previous !== '' && (gazetteerFlags(previous) !== '' || gazetteerFlags(key(clean)) !== '')) pairs.add(`${previous} ${key(clean)}`);
        previous = key(clean);
      } else previous = '';
    }
  }
  // An e-mail address made of a name ("robin.oshea71@…") names that person in the note.
  if (text.includes('@')) {
    for (const m of text.matchAll(/([A-Za-z0-9._%+-]{1,64})@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}/g)) {
      for (const p of m[1].toLowerCase().split(/[._%+\-\d]+/)) if (p.length >= 3 && (isGazetteerName(p) || !isCommonWord(p)) && !isMedicalTerm(p)) parts.add(p);
    }
  }
  if (parts.size === 0) return;
  // The first letters of the parts, for words that open with an ASCII character: a word whose first
  // letter (in lower case, as key() gives it) opens no part is passed over without building its key.
  const asciiFirst = new Uint8Array(128);
  for (const p of parts) if (p.charCodeAt(0) < 128) asciiFirst[p.charCodeAt(0)] = 1;
  const hits: Array<[number, number, boolean]> = [];
  const re = PROPAGATE_WORD;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const c = m[0].charCodeAt(0);
    if (c < 128 && asciiFirst[c >= 65 && c <= 90 ? c + 32 : c] === 0) continue;
    const word = withoutPossessive(m[0]);
    if (!parts.has(key(word))) continue;
    const [a, b] = [m.index, m.index + word.length];
    if (protected_.overlapping(a, b).some(([p]) => !nameBeforeHead(text, word, p, a)) || insideIdentifier(text, a, b)) continue;
    // An ordinary word in lower case: one of the lexicon's, or of the English list that no gazetteer
    // lists as a name ("medical" after "Medical Examiner" was taken for a person).
    hits.push([a, b, /^\p{Ll}/u.test(word) && (isCommonWord(word) || ordinaryNotName(word))]);
  }
  hits.forEach(([a, b, ordinaryLower], i) => {
    // A lower-case ordinary word ("will", "may") is not the name "Will" or "May", unless it
    // stands beside another part of the name ("robin o'shea").
    // Two ordinary words stand for the name when they follow each other as in it ("grand isle
    // employee benefit trust" after "Grand Isle Marsh").
    const beside = (j: number) => {
      const h = hits[j];
      if (h === undefined || !/^ $/.test(j < i ? text.slice(h[1], a) : text.slice(b, h[0]))) return false;
      return !h[2] || pairs.has(j < i ? `${key(text.slice(h[0], h[1]))} ${key(text.slice(a, b))}` : `${key(text.slice(a, b))} ${key(text.slice(h[0], h[1]))}`);
    };
    if (!ordinaryLower || beside(i - 1) || beside(i + 1)) spans.push({ start: a, end: b, kind: 'PERSON', priority: 2 });
  });
}

/**
 * A surname found as a person elsewhere in the note, opening a range protected only for its shape
 * (a word before a head noun: "Re: Havili dressing change" after "To: sione havili"), is that person:
 * a word on the eponym list, a gazetteer name or any word the tagger's lexicon knows ("Seattle") keeps the protection.
 */
function nameBeforeHead(text: string, word: string, rangeStart: number, wordStart: number): boolean {
  return rangeStart === wordStart && !isMedicalTerm(word) && !isGazetteerName(word) && lexiconTag(word.toLowerCase()) === undefined && !opensListedPhrase(text, wordStart);
}

// Abbreviated labels of record and device numbers ("Hosp No", "Acc No.", "Lot #"): never a name.
const RECORD_LABEL = /^(?:Hosp|HOSP|Acc|ACC|Acct|ACCT|Lot|LOT|Ref|REF|Urn|URN|UDI)$/;

/**
 * Two or three capitalised words the tagger's lexicon does not know ("Kwame Mensah", "Rangi
 * Parata") read as a name in clinical prose; one ordinary word is allowed when another is
 * unknown ("Mere Tawhiri"). Medical terms and eponyms are excluded.
 */
const CAPITALISED_SEQUENCE = new RegExp(`(?<![\\p{L}'’-])(${NAME_WORD})(?:\\s+(${NAME_WORD}))(?:\\s+(${NAME_WORD}))?(?![\\p{L}'’-])`, 'gu');
function capitalisedSequences(text: string, spans: Span[]): void {
  const re = CAPITALISED_SEQUENCE;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const words = [m[1], m[2], m[3]].filter((w): w is string => w !== undefined);
    if (words.some((w) => isMedicalTerm(w) || HONORIFIC_ONLY.test(w) || RECORD_LABEL.test(w))) continue;
    const unknown = words.filter((w) => !isCommonWord(withoutPossessive(w))).length;
    if (unknown >= 1 && unknown >= words.length - 1) {
      pushSpan(spans, text, m.index, m.index + m[0].length, 'PERSON');
    }
  }
}

// A town in capitals the rules found before a state code ("LIVES IN TIFTON GA"): a place, not an acronym.
const STATE_AFTER = /^,?\s[A-Z]{2}(?![\p{L}\p{N}])/u;
const ACRONYM_EMPLOYER =
  /\b(?:(?:[Ww]orks?|[Ww]orked|[Ww]orking|[Ee]mployed|[Rr]etired|[Ee]mployee|[Cc]ontractor|[Ee]ngineer|[Mm]achinist|[Ll]aid off)(?:[ \t]+(?:full|part)[- ]time)?[ \t]+(?:at|for|by|from|with)[ \t]+(?:the[ \t]+)?|(?:Employer|Occupation(?:\/industry)?|Industry)[ \t]*:[ \t]*)([A-Z0-9][A-Z0-9&]{1,5})(?![\p{L}\p{N}&-])|(?<![\p{L}\p{N}-])([A-Z0-9][A-Z0-9&]{1,4})(?=[ \t]+(?:plant|factory|mill|warehouse|distribution center|headquarters|assembly line)\b)/gu;
// A word either branch of ACRONYM_EMPLOYER needs: without one it is not tried at every capital.
const ACRONYM_EMPLOYER_GATE =
  /[Ww]ork|[Ee]mploy|[Rr]etired|[Cc]ontractor|[Ee]ngineer|[Mm]achinist|[Ll]aid off|Occupation|Industry|[ \t](?:plant|factory|mill|warehouse|distribution center|headquarters|assembly line)\b/;
const NOT_AN_EMPLOYER = /^(?:ICU|CCU|NICU|PICU|PACU|MICU|SICU|ED|ER|OR|IR|SNF|ALF|LTC|PT|OT|HH|ICF|AM|PM|VA\d)$/;
// A provider, payer or agency known by its initials where care, records or cover come from or go
// to ("records requested from UPMC", "transferred to SJMC", "Insurance: HNHB"); nineteenth round: a
// hospital, a letter's addressee or a dispatcher by its initials ("Shore hospital CHRR,", "letter to HZJZ.",
// "tasked by INSPQ dispatch") and a mortuary's ("— QVH MORTUARY"). Care settings,
// services, specialties, tests and plan types after the same cues are not organisations.
const ACRONYM_ORGANISATION =
  /(?:\b|(?=[—–]))(?:(?:[Cc]op(?:y|ied)|[Ss]ent|[Bb]ody|[Rr]equested|[Rr]eceived|[Ff]axed|[Rr]eleased|[Ff]orwarded|[Tt]ransferred|[Rr]eferred|[Dd]ischarged|[Aa]dmitted|[Tt]reated|[Ff]ollowed|[Hh]ospitali[sz]ed|[Dd]elivered|[Rr]ecords|[Tt]ransported|[Ff]lown)[ \t]+(?:at|to|from|by|with)[ \t]+(?:the[ \t]+)?|(?:Insurance|Insurer|Payer|Payor|Carrier|Referring (?:facility|hospital|provider)|Facility|Agency|Laboratory|Lab|Pharmacy|Employer)[ \t]*:[ \t]*|[Ll]ocal office[ \t]+|(?:[Ss]hore[ \t]+hospital|[Ll]etter to|[Dd]ispatched by|[Tt]asked by)[ \t]+(?=[A-Z]{3,7}[ \t]*[,;.](?![\p{L}\p{N}]))|by[ \t]+(?=[A-Z]{3,7}[ \t]+(?:dispatch|[Cc]ontrol))|[—–][ \t]+(?=[A-Z]{3,7}[ \t]+(?:MORTUARY|[Mm]ortuary|CORONER|[Cc]oroner)))([A-Z][A-Z0-9&+]{1,6})(?![\p{L}\p{N}&+-])/gu;
// Twentieth round: see findNames. The credentials written before such brackets, in the cases they are signed in.
const ACRONYM_PLACE_AFTER = /\b(?:at|from|to)[ \t]+([A-Z]{3,6})(?=[ \t]+\(\p{Lu}\p{Ll})/gu;
const ACRONYM_AFTER_CREDENTIAL = new RegExp(
  `(?<![\\p{L}])(?:${[...CREDENTIALS].filter((c) => c.length >= 2 && !AMBIGUOUS_CREDENTIALS.has(c)).flatMap((c) => [c.toUpperCase(), c.replace(/^mb(ch)?b$/, 'MBChB')]).filter((c, i, a) => a.indexOf(c) === i && /^[A-Za-z/-]+$/.test(c)).sort((a, b) => b.length - a.length).join('|')})\\)?,?[ \\t]+\\(([A-Z]{3,6})\\)`,
  'gu',
);
/** Department, ward, role and test abbreviations: never an organisation's (or a person's) initials. */
export const NOT_AN_ACRONYM_ORGANISATION: ReadonlySet<string> = new Set(
  `ICU CCU NICU PICU PACU MICU SICU CVICU CTICU NSICU TICU HDU ITU SDU PCU TCU IMU ED ER OR IR EP CATH SNF ALF ILF LTC LTAC LTACH
  IRF ARU ICF HH HHA PT OT ST SLP RT PCP NP PA RN LPN CNA MD DO GI ENT OB GYN OBGYN ID CT MRI MRA PET EEG ECG EKG EMG US XR DEXA
  HMO PPO EPO POS HDHP HSA FSA PFFS SNP MA PDP ACO IPA DME AM PM NA TBD UNK NONE SELF ICF/ID L&D LD NB NBN PEDS MED SURG PSYCH
  NEURO ORTHO CARDS ONC HEME RENAL PULM CCM EMS EMT ALS BLS CBC BMP CMP LFT UA
  MRSA VRE AKI TTO CMHT CRHT HEMS HART MDT CAP HAP VAP UTI CAUTI CLABSI SSI DVT PE COPD NIV HDU TCI SDEC AMU CDU`.split(/\s+/),
);

/** Initials a cue names as an organisation (the acronym guard of pushSpan would drop them), where no span or protected term is. */
function acronymOrganisations(text: string, spans: Span[], protect: Array<[number, number]>, re: RegExp, keep: (v: string) => boolean): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const v = m[1] ?? m[2];
    const start = m.index + m[0].lastIndexOf(v);
    const end = start + v.length;
    if (!keep(v) || protect.some(([a, b]) => a < end && b > start) || spans.some((sp) => sp.start < end && sp.end > start)) continue;
    spans.push({ start, end, kind: 'ORGANIZATION', priority: 2 });
  }
}

// Eighteenth round: a hospital or health body known only by its initials, whose last letters say
// what it is ("KFCAH" a critical access hospital, "BRRMC" a regional medical centre, "QSMH" a memorial
// hospital): four to six capitals ending in such a suffix, not a listed medical abbreviation ("PBMC",
// "NCAH"). Not "-HD", "-HS", "-RH" or "-CH", which end diseases and hormones as often ("GVHD",
// "OSAHS", "LHRH", "PLCH").
const FACILITY_INITIALISM = /(?<![\p{L}\p{N}&/-])[A-Z]{1,4}(?:CAH|MC|MH|GH|CHC)(?![\p{L}\p{N}&/-])/gu;
const NOT_A_FACILITY = new Set('PBMC BMMC HPMC NCAH'.split(' '));

function facilityInitialisms(text: string, spans: Span[], protect: Array<[number, number]>): void {
  // Characters already taken, marked once (as for definedInitialisms): linear in the note.
  let taken: Uint8Array | undefined;
  FACILITY_INITIALISM.lastIndex = 0;
  for (let m = FACILITY_INITIALISM.exec(text); m; m = FACILITY_INITIALISM.exec(text)) {
    const v = m[0];
    if (v.length < 4 || v.length > 6 || NOT_A_FACILITY.has(v) || NOT_AN_ACRONYM_ORGANISATION.has(v) || isMedicalTerm(v.toLowerCase())) continue;
    if (!taken) {
      taken = new Uint8Array(text.length);
      for (const [a, b] of protect) taken.fill(1, a, b);
      for (const sp of spans) taken.fill(1, sp.start, sp.end);
    }
    const end = m.index + v.length;
    if (taken.subarray(m.index, end).includes(1)) continue;
    taken.fill(1, m.index, end);
    spans.push({ start: m.index, end, kind: 'ORGANIZATION', priority: 2 });
  }
}

/** The lines of the text that pass the gate, each with its offset in the text. */
function gatedLines(text: string, gate: RegExp): Array<readonly [number, string]> {
  const out: Array<readonly [number, string]> = [];
  for (let from = 0; from <= text.length; ) {
    const nl = text.indexOf('\n', from);
    const to = nl === -1 ? text.length : nl;
    const line = text.slice(from, to);
    if (gate.test(line)) out.push([from, line]);
    from = to + 1;
  }
  return out;
}

export interface NameOptions {
  /** Also ask the NLP tagger about clauses the rules left open (slower). */
  tagger: boolean;
  /** The learned tagger's weights: the shipped ones by default, none with false. */
  learned?: TaggerTable | false;
}

export function findNameSpans(text: string, options: NameOptions = { tagger: false }): Span[] {
  const protect = protectedRanges(text, isCommonWord);
  // The protected characters, so that a span far from every range is passed without a scan of them.
  const protectedIndex = new RangeOverlap(text.length, protect);
  const found: Span[] = [];
  const vouched = new Set<Span>();
  // Organisations found by their head noun take in the clinical words of their names ("Goat Hill
  // Sickle Cell Day Unit", "Ottumwa Pineywoods Health System"): a term inside one is part of it.
  const enclosing = new Set<Span>();
  for (const rule of RULES) {
    if (rule.gate && !rule.gate.test(text)) continue;
    for (const [from, part] of rule.perLine && rule.gate ? gatedLines(text, rule.gate) : [[0, text] as const]) {
      rule.re.lastIndex = 0;
      for (let m = rule.re.exec(part); m; m = rule.re.exec(part)) {
        if (rule.valid && !rule.valid(m[rule.group])) continue;
        const at = from + m.index + m[0].lastIndexOf(m[rule.group]);
        // A rule may keep only part of its match as the name: [from, to) within the group.
        const [a, b] = rule.fit ? (rule.fit(m[rule.group]) ?? [0, 0]) : [0, m[rule.group].length];
        if (a === b) continue;
        const start = at + a;
        const before = found.length;
        if (rule.raw) found.push({ start, end: at + b, kind: rule.kind, priority: 2 });
        else pushSpan(found, text, start, at + b, rule.kind, true);
        if (rule.vouched && found.length > before) vouched.add(found[found.length - 1]);
        if (rule.encloses && found.length > before) enclosing.add(found[found.length - 1]);
      }
    }
  }
  found.push(...findNameRuleSpans({ text, common: isCommonWord, protectedRanges: protect, nounish: isNounish }));
  capitalisedSequences(text, found);
  if (options.tagger) nlpSpans(text, found, protect);
  const spans = found.filter(
    (s) => !protectedIndex.overlapping(s.start, s.end).some(([a, b]) => !(enclosing.has(s) && a >= s.start && b < s.end)) && !insideIdentifier(text, s.start, s.end) && (vouched.has(s) || (s.kind === 'LOCATION' && STATE_AFTER.test(text.slice(s.end, s.end + 5))) || !codeShaped(text, s.start, s.end, isCommonWord)),
  );
  // "KOWALCZYK/MAREK", "Brandvold/Inga": a name after a slash belongs to the name before it,
  // unless it is a credential or an abbreviation ("Obuya/RN", "Lopez/ICU").
  for (const sp of spans) {
    const slash = sp.kind === 'PERSON' ? /^\/(\p{Lu}[\p{L}'’-]+)(?![\p{L}\p{N}/])/u.exec(text.slice(sp.end, sp.end + 30)) : null;
    if (slash && !CREDENTIAL.test(slash[1]) && !isCredential(slash[1]) && !/^[A-Z]{1,4}$/.test(slash[1])) sp.end += slash[0].length;
  }
  // An employer known by its acronym ("works at IBM", "retired from USPS", "3M plant"): the cue
  // says it is an organisation, which the acronym guard above would otherwise drop.
  if (ACRONYM_EMPLOYER_GATE.test(text)) acronymOrganisations(text, spans, protect, ACRONYM_EMPLOYER, (v) => /[A-Z]/.test(v) && !NOT_AN_EMPLOYER.test(v));
  // A provider or payer by its initials after a care, records or cover cue ("requested from UPMC").
  acronymOrganisations(text, spans, protect, ACRONYM_ORGANISATION, (v) => v.length >= 3 && !NOT_AN_ACRONYM_ORGANISATION.has(v) && !isMedicalTerm(v.toLowerCase()));
  // Twentieth round: initials where care was had, with the place in brackets ("Seen before at TPC (Orrin
  // Falls)"), and a signer's organisation in brackets after their credential ("MBChB (SCHD)", "(MBBS) (TPC)").
  if (/\([A-Z]{3,6}\)|[A-Z]{3}[ \t]+\(\p{Lu}/u.test(text)) {
    acronymOrganisations(text, spans, protect, ACRONYM_PLACE_AFTER, (v) => !NOT_AN_ACRONYM_ORGANISATION.has(v) && !isMedicalTerm(v.toLowerCase()) && !isCredential(v));
    acronymOrganisations(text, spans, protect, ACRONYM_AFTER_CREDENTIAL, (v) => !NOT_AN_ACRONYM_ORGANISATION.has(v) && !isMedicalTerm(v.toLowerCase()) && !isCredential(v));
  }
  definedInitialisms(text, spans, protect);
  if (/[A-Z]{2}(?:MC|AH|MH|GH|HC)\b/.test(text)) facilityInitialisms(text, spans, protect);
  // The learned tagger's second opinion on what the rules left (./learned/learned-tagger.ts).
  if (options.learned !== false) {
    const learned = findLearnedSpans(text, { common: isCommonWord, protect, found: spans, table: options.learned });
    // A record or device label ("Lot#", "Hosp No") is never a name, as for the capitalised runs.
    spans.push(...learned.filter((s) => !insideIdentifier(text, s.start, s.end) && !codeShaped(text, s.start, s.end, isCommonWord) && !RECORD_LABEL.test(text.slice(s.start, s.end))));
  }
  // "doença de Chagas", "maladie de Lyme": a particle before an eponym is the term's, not a surname's.
  for (let i = spans.length - 1; i >= 0; i--) if (particleEponym(text.slice(spans[i].start, spans[i].end))) spans.splice(i, 1);
  propagate(text, spans, protect, protectedIndex);
  // Initials glued before a name belong to it ("J.R. Haskins", "J. R. Haskins").
  for (const sp of spans) {
    const initials = sp.kind === 'PERSON' ? /(?<![\p{L}\p{N}])(?:\p{Lu}\.\s?){1,2}$/u.exec(text.slice(Math.max(0, sp.start - 6), sp.start)) : null;
    if (initials && !/\s\s/.test(initials[0])) sp.start -= initials[0].length;
  }
  // A given-name initial after a surname in capitals belongs to it ("OKONJO, M", "HARGREAVES, W.").
  for (const sp of spans) {
    if (sp.kind !== 'PERSON' || !/^[\p{Lu}'’ -]{2,}$/u.test(text.slice(sp.start, sp.end))) continue;
    const initial = /^, ?\p{Lu}\.?(?![\p{L}\p{N}])/u.exec(text.slice(sp.end, sp.end + 5));
    if (initial) sp.end += initial[0].length;
  }
  // A given-name initial after a surname belongs to it ("Pengelly O.", "Brask O. later").
  for (const sp of spans) {
    const initial = sp.kind === 'PERSON' ? /^ \p{Lu}\.(?![\p{L}\p{N}])/u.exec(text.slice(sp.end, sp.end + 4)) : null;
    if (initial && /\p{Ll}/u.test(text.slice(sp.start, sp.end))) sp.end += initial[0].length;
  }
  // A generational suffix belongs to the name before it ("Αντώνης Ακρίδας IV", "Earl Hobbs Jr.").
  for (const sp of spans) {
    const suffix = sp.kind === 'PERSON' ? /^,?\s(?:Jr|Sr|II|III|IV)\.?(?![\p{L}\p{N}])/u.exec(text.slice(sp.end, sp.end + 6)) : null;
    if (suffix) sp.end += suffix[0].length;
  }
  return spans;
}

/** A noun or a surname to the tagger's lexicon ("snow", "hart"): could be a surname after a given name. */
export function isNounish(word: string): boolean {
  return memo(NOUNISH_MEMO, word, (w) => /^(?:Singular|Noun|LastName|Surname)$/.test(lexiconTag(w.toLowerCase()) ?? ''));
}
const NOUNISH_MEMO = new Map<string, boolean>();

/** An ordinary English word to the tagger's lexicon (so "May" is matched only when capitalised). */
export function isCommonWord(word: string): boolean {
  return memo(COMMON_MEMO, word, commonWord);
}
const COMMON_MEMO = new Map<string, boolean>();
function commonWord(word: string): boolean {
  const tag = lexiconTag(word.toLowerCase());
  return tag !== undefined && !NAMEISH_TAG.test(tag);
}
