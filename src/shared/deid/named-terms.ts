/**
 * Seventeenth round: clinical terms written in Title Case whose words are names a detector would
 * otherwise take for a person or a place, found by the shape of the term rather than a list of
 * the terms themselves:
 * - co-eponyms joined by an en dash ("Montgomery–Åsberg", "Upshaw–Schulman"): a person's double
 *   surname is joined by a hyphen, never by an en dash;
 * - instruments in Title Case ending in their kind ("Sport Concussion Assessment Tool",
 *   "Clinician-Administered Dissociative States Scale", "Modified Observer’s Assessment of
 *   Alertness/Sedation") when a word of the run is an assessment's or a clinical word;
 * - a device's maker and model ("Philips IntelliVue MX450", "Hamilton C6 ventilator",
 *   "Boston Scientific ICD");
 * - a brand with its inhaler, pen or release form ("Relvar Ellipta", "Adalat Retard", "MS Contin");
 * - a brand in brackets after its generic ("enoxaparin (Clexane)"), and a blood group system after
 *   its antibody ("anti-K (Kell)").
 * The caller (protectedRanges in medical-terms.ts) passes its word tests in, so this module has no
 * import back into it.
 */

export interface NamedTermTests {
  /** The word, in lower case, is a given name or surname of the gazetteer. */
  isName(lower: string): boolean;
  /** The word, in lower case, is an ordinary word of the lexicon ("kiwi", "canon", "gore"). */
  isCommon(lower: string): boolean;
  /** The word, in lower case, is a listed drug, product or medical term. */
  isKnown(lower: string): boolean;
  /** The word, in lower case, is a listed drug or has a drug's stem ("midazolam"). */
  isDrug(lower: string): boolean;
  /** A clinical noun, a word with a clinical suffix, or a drug-shaped word. */
  isClinical(word: string): boolean;
  /** The text before a candidate names a person (a title, a relation, a talking verb). */
  personBefore(before: string): boolean;
}

type Range = [number, number];

// ——— Co-eponyms joined by an en dash ———
// Bounded: each name at most 40 letters, at most four names ("A–A–A…" tried from every capital).
const EN_DASH_EPONYM = /(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{M}'’]{1,40}(?:–\p{Lu}[\p{L}\p{M}'’]{1,40}){1,3}(?![\p{L}\p{N}–])/gu;

function enDashEponyms(text: string, tests: NamedTermTests): Range[] {
  const out: Range[] = [];
  if (!text.includes('–')) return out;
  EN_DASH_EPONYM.lastIndex = 0;
  for (let m = EN_DASH_EPONYM.exec(text); m; m = EN_DASH_EPONYM.exec(text)) {
    if (!tests.personBefore(text.slice(Math.max(0, m.index - 24), m.index))) out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

// ——— Instruments: scales, scores, tools, tests, questionnaires ———
// Eighteenth round: rules, frameworks, reviews, measurements and tables ("Canadian CT Head Rule", "Home
// Oxygen Risk Mitigation", "Real-Ear Measurement", "Treatment Table 6") name the instrument only with
// the words before them: after them, "of" or "for" is followed by whom or what it is about
// ("Medication Review for Margaret Kowalski").
const BACKWARD_ONLY_HEADS = new Set('Rule Rules Framework Review Measurement Mitigation Table'.split(' '));
const INSTRUMENT_HEADS = new Set([
  ...'Scale Score Tool Test Questionnaire Inventory Index Instrument Checklist Screen Screener Battery Assessment Measure Criteria Classification Telemetry Rating'.split(' '),
  ...BACKWARD_ONLY_HEADS,
]);
/** The word, as written, ends an instrument's name ("Scale", "Test", "Review"). */
export const isInstrumentHead = (word: string): boolean => INSTRUMENT_HEADS.has(word);
// Words an instrument's name is made of: what it measures and how. One of them (or a clinical word)
// must be in the run, so that "Kettle Moraine Test" (a place and a head) is not taken for one.
const ASSESSMENT_WORDS = new Set(
  (
    'assessment rating depression depressive anxiety concussion sedation alertness agitation dissociative dissociation states cognitive ' +
    'cognition functional disorder disorders identification use trauma treadmill screening severity symptom symptoms frailty response ' +
    'neural mental status observer observer’s observer\'s clinician clinician-administered modified revised global impression quality life ' +
    'sleep sleepiness fatigue balance gait mobility coma dementia delirium confusion nutrition nutritional risk falls fall pressure ' +
    'outcome outcomes disability independence activity activities daily living memory mood suicide suicidal alcohol drinking substance ' +
    'abuse eating autism developmental development behaviour behavior neonatal infant early warning acuity triage health numeric numerical ' +
    'visual analogue analog verbal motor sensory hearing vision speech swallow swallowing feeding breastfeeding latch lingual frenulum ' +
    'tongue oral dental motor neurological neurologic stroke consciousness orientation attention recall perception psychiatric ' +
    'psychosis mania manic obsessive compulsive traumatic stress impulsivity hyperactivity craving withdrawal dependence ' +
    'intoxication opiate opioid cannabis nicotine gambling wellbeing well-being distress resilience burden caregiver disease activity ' +
    'clinical physical performance strength grip endurance fitness exercise walk walking step sit-to-stand timed up ' +
    // Eighteenth round: what rules, reviews and tables are about ("CT Head Rule", "Real-Ear", "Treatment Table").
    'head ct ear real-ear oxygen improvement client-oriented oriented standards decompression'
  ).split(' '),
);
// Joiners inside an instrument's name ("Assessment of Alertness", "Tool for Lingual Frenulum Function").
const INSTRUMENT_JOINERS = new Set(['of', 'for', 'and', 'in', 'the', '&', 'to']);
const TITLE_WORD = /^\p{Lu}[\p{L}\p{M}'’-]*(?:\/\p{Lu}[\p{L}\p{M}'’-]*)?$/u;
const WORD_AT = /[^\s,;:()[\]]+/gu;

/** The words of one line around an index, with their offsets (split on blanks only). */
function lineWords(text: string, from: number, to: number): Array<{ w: string; start: number; end: number }> {
  const out: Array<{ w: string; start: number; end: number }> = [];
  const part = text.slice(from, to);
  WORD_AT.lastIndex = 0;
  for (let m = WORD_AT.exec(part); m; m = WORD_AT.exec(part)) out.push({ w: m[0], start: from + m.index, end: from + m.index + m[0].length });
  return out;
}

const assessmentWord = (w: string, tests: NamedTermTests) => {
  const lw = w.toLowerCase();
  return ASSESSMENT_WORDS.has(lw) || lw.split(/[-/]/).some((p) => ASSESSMENT_WORDS.has(p)) || tests.isClinical(lw);
};

function instruments(text: string, words: RegExpExecArray[], tests: NamedTermTests): Range[] {
  const out: Range[] = [];
  for (const head of words) {
    if (!INSTRUMENT_HEADS.has(head[0])) continue;
    // The line around the head, within 120 characters each way (a search for the line's ends over the
    // whole text from every head was quadratic on a long text without breaks).
    const from = Math.max(0, head.index - 120);
    const before = text.slice(from, head.index);
    const after = text.slice(head.index, head.index + 120);
    const breakAfter = after.indexOf('\n');
    const ws = lineWords(text, from + before.lastIndexOf('\n') + 1, head.index + (breakAfter < 0 ? after.length : breakAfter));
    const h = ws.findIndex((x) => x.start === head.index);
    if (h < 0) continue;
    // Only blanks between the words of the run (a comma or a bracket ends it).
    const joined = (a: number, b: number) => /^[ \t]+$/.test(text.slice(ws[a].end, ws[b].start));
    // Backwards over Title Case words and joiners, at most eight words.
    let first = h;
    for (let k = h - 1; k >= 0 && h - k <= 8 && joined(k, k + 1); k--) {
      if (TITLE_WORD.test(ws[k].w)) first = k;
      else if (!INSTRUMENT_JOINERS.has(ws[k].w) || k === 0 || !TITLE_WORD.test(ws[k - 1].w)) break;
    }
    // Forwards: "of" or "for" and Title Case words after the head.
    let last = h;
    // Not after the heads a review or a table is named by ("Medication Review for Margaret Kowalski",
    // "Safety Review of Northway General"), and never over a given name or surname.
    const forward = !BACKWARD_ONLY_HEADS.has(head[0]);
    if (forward && h + 2 < ws.length && (ws[h + 1].w === 'of' || ws[h + 1].w === 'for') && joined(h, h + 1) && joined(h + 1, h + 2) && TITLE_WORD.test(ws[h + 2].w) && !tests.isName(ws[h + 2].w.toLowerCase())) {
      last = h + 2;
      while (last + 1 < ws.length && last - h < 6 && joined(last, last + 1) && TITLE_WORD.test(ws[last + 1].w) && !tests.isName(ws[last + 1].w.toLowerCase())) last++;
    } else if (!forward && h + 1 < ws.length && (ws[h + 1].w === 'of' || ws[h + 1].w === 'for')) {
      continue;
    } else if (h + 1 < ws.length && joined(h, h + 1) && TITLE_WORD.test(ws[h + 1].w) && !/^\p{Lu}+$/u.test(ws[h + 1].w)) {
      // "Assessment Centre", "Test Kitchen": a Title Case word after the head makes it part of another name.
      continue;
    }
    // A person's full name before a plain instrument is the person's ("Maria Lopez Pain Score"): a
    // run of two or more words opening it, none an assessment's, the first a given name or surname,
    // is left out; one word is an eponym ("Beck Depression Inventory").
    let lead = 0;
    while (first + lead < h && TITLE_WORD.test(ws[first + lead].w) && !assessmentWord(ws[first + lead].w, tests)) lead++;
    if (lead >= 2 && tests.isName(ws[first].w.toLowerCase())) first += lead;
    if (first === h) continue;
    const run = ws.slice(first, last + 1).filter((x, i) => i + first !== h);
    if (!run.some((x) => assessmentWord(x.w, tests))) continue;
    if (tests.personBefore(text.slice(Math.max(0, ws[first].start - 24), ws[first].start))) continue;
    out.push([ws[first].start, ws[last].end]);
  }
  return out;
}

// ——— A device's maker and model ———
// Makers of medical devices, from general knowledge; several words where the maker's name has them.
const MAKERS = (
  'philips|ge|ge healthcare|siemens|siemens healthineers|medtronic|abbott|boston scientific|st. jude|st jude|stryker|zimmer|zimmer biomet|' +
  'biomet|smith & nephew|depuy|hologic|hamilton|hamilton medical|dräger|draeger|drager|mindray|nihon kohden|masimo|baxter|bd|becton dickinson|' +
  'fresenius|b. braun|braun|zoll|olympus|karl storz|storz|medela|inogen|resmed|respironics|philips respironics|fisher & paykel|omron|' +
  'welch allyn|hill-rom|hillrom|arjo|arjohuntleigh|invacare|permobil|ottobock|össur|ossur|cochlear|oticon|phonak|widex|resound|signia|' +
  'starkey|advanced bionics|med-el|edwards|abiomed|teleflex|cook|bard|smiths medical|icu medical|alaris|sonosite|fujifilm sonosite|' +
  'butterfly|mortara|schiller|spacelabs|natus|nonin|covidien|ethicon|gore|terumo|getinge|maquet|datex-ohmeda|carestream|canon|toshiba|' +
  'fujifilm|agfa|vapotherm|tandem|insulet|dexcom|roche|lifescan|ascensia|streck|sarstedt|greiner|mölnlycke|molnlycke|convatec|coloplast|' +
  'hollister|mecta|somatics|fluke|laerdal|vyaire|avanos|halyard|cardinal health|medline|integra|nuvasive|globus|orthofix|biotronik|' +
  'sorin|livanova|microport|penumbra|cordis|pentax|esaote|riester|heine|keeler|topcon|zeiss|nidek|haag-streit|alcon|bausch|ypsomed|' +
  'accu-chek|onetouch|freestyle|omnipod|minimed|nellcor|lifepak|physio-control|airsense|inspire|nevro|molift|kiwi|vac|kci|acelity'
).split('|');
const MAKER_FIRST = new Map<string, string[][]>();
// The capitals A-Z that makers' names open with (a name opening with another letter, "Össur", is
// looked up whatever its first letter).
const MAKER_INITIALS = new Uint8Array(26);
for (const m of MAKERS) {
  // The note's words are runs of letters: "St. Jude", "Fisher & Paykel", "Hill-Rom" are two each.
  const parts = m.split(/[^\p{L}]+/u).filter(Boolean);
  const list = MAKER_FIRST.get(parts[0]) ?? [];
  list.push(parts);
  list.sort((x, y) => y.length - x.length);
  MAKER_FIRST.set(parts[0], list);
  const initial = parts[0].toUpperCase().charCodeAt(0);
  if (initial >= 65 && initial <= 90) MAKER_INITIALS[initial - 65] = 1;
}
// What a maker's device is ("Boston Scientific ICD", "St. Jude mechanical valve", "Hamilton C6 ventilator").
const DEVICE_NOUNS = new Set(
  ('valve ventilator pump monitor icd pacemaker defibrillator stent catheter lead leads device implant stimulator processor aid aids ' +
    'scanner probe concentrator cpap bipap machine meter sensor transmitter stretcher bed hoist lift chair wheelchair walker ' +
    'analyser analyzer tester simulator tube tubes needle needles system console unit oxygenator nebuliser nebulizer sling frame ' +
    'crt-d crt-p ilr loop recorder prosthesis shunt coil clip dressing').split(' '),
);
// A model word: a digit, a capital inside the word, a code in capitals, or a listed product.
const MODEL_SHAPE = /\d|^\p{Lu}{2,4}$|\p{Ll}\p{Lu}/u;
// Words after a maker that make it a provider or a company, not a device ("ST. JUDE MEDICAL
// CENTER", "Fresenius Kidney Care", "Boston Scientific Corporation").
const ORGANISATION_AFTER_MAKER = /^(?:medical|center|centre|hospital|hospitals|clinic|clinics|health|healthcare|children['’]?s|research|foundation|institute|university|pharmacy|group|associates|services|kidney|inc|llc|ltd|corp|corporation|company|co|plc|gmbh|ag|sa)\.?$/i;
const FIVE_DIGITS = /(?:\d\D*){5}/;
const PRODUCT_TOKEN = /^(?:\p{Lu}[\p{L}\d+'’-]*|\d+(?:\.\d+)?[A-Za-z]{0,4}|[a-z]+\p{Lu}[\p{L}\d-]*)$/u;

function makerAt(words: RegExpExecArray[], i: number, text: string): number {
  const list = MAKER_FIRST.get(words[i][0].toLowerCase());
  if (!list) return -1;
  // The maker as written: its words in order, only blanks, "&", "." or "-" between them (longest first).
  for (const parts of list) {
    if (i + parts.length > words.length) continue;
    let ok = true;
    for (let k = 1; k < parts.length && ok; k++) {
      const between = text.slice(words[i + k - 1].index + words[i + k - 1][0].length, words[i + k].index);
      ok = words[i + k][0].toLowerCase() === parts[k] && /^[ \t.&-]{1,4}$/.test(between);
    }
    if (ok) return i + parts.length - 1;
  }
  return -1;
}

function deviceMakes(text: string, words: RegExpExecArray[], tests: NamedTermTests): Range[] {
  const out: Range[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i][0];
    // A maker is written with a capital ("Philips", "GE", "ReSound"), never in lower case prose; its
    // first letter is one a maker's name opens with (looked up before any string is built).
    const c = w.charCodeAt(0);
    if (c < 65 || (c <= 90 ? MAKER_INITIALS[c - 65] === 0 : c < 128)) continue;
    const last = makerAt(words, i, text);
    if (last < 0) continue;
    const start = words[i].index;
    if (tests.personBefore(text.slice(Math.max(0, start - 24), start))) continue;
    // The model's words after the maker: up to three product-shaped tokens, then a device noun.
    const tail = /^[ \t]+([^\s,;:()]+)(?:[ \t]+([^\s,;:()]+))?(?:[ \t]+([^\s,;:()]+))?(?:[ \t]+([^\s,;:()]+))?/u.exec(text.slice(words[last].index + words[last][0].length, words[last].index + words[last][0].length + 80));
    if (!tail) continue;
    // A sentence's full stop after the model is not part of it ("Run on Fresenius 4008B.").
    const toks = tail
      .slice(1)
      .filter((t): t is string => t !== undefined)
      .map((t) => t.replace(/\.$/, ''));
    if (toks.some((t) => ORGANISATION_AFTER_MAKER.test(t))) continue;
    let n = 0;
    // A word of five digits or more is an identifier's shape (a serial, an account), never a model
    // ("Medtronic GV9049026" keeps no number in clear; "Fresenius 5008S", "Molift Smart 150" are models).
    while (n < toks.length && n < 3 && PRODUCT_TOKEN.test(toks[n]) && !DEVICE_NOUNS.has(toks[n].toLowerCase()) && !FIVE_DIGITS.test(toks[n])) n++;
    // A lower-case qualifier before the noun ("St. Jude mechanical valve").
    let q = n;
    if (q < toks.length && /^\p{Ll}+$/u.test(toks[q]) && !DEVICE_NOUNS.has(toks[q]) && q + 1 < toks.length && DEVICE_NOUNS.has(toks[q + 1].toLowerCase())) q++;
    const noun = q < toks.length && DEVICE_NOUNS.has(toks[q].toLowerCase());
    // A maker of two or three letters is written in capitals ("BD", "GE"), not "Bd" or "Ge".
    if (last === i && w.length <= 3 && w !== w.toUpperCase()) continue;
    // The model must read as one: a word with a digit, a capital inside it or a code in capitals,
    // or a listed product; or a device noun follows. "Fresenius Kidney Care" is a provider, not a
    // device. A maker whose one word is also a name or an ordinary word ("Hamilton", "Cook",
    // "Kiwi") needs letters in that model word (not "Jane Hamilton 3 visits") and no given name
    // before it; a bare number is enough after any other maker ("Molift Smart 150").
    const ordinary = last === i && (tests.isName(w.toLowerCase()) || tests.isCommon(w.toLowerCase()));
    const model = toks.slice(0, n).some((t) => (!ordinary || /\p{L}/u.test(t)) && (MODEL_SHAPE.test(t) || tests.isKnown(t.toLowerCase())));
    if (!(model || noun)) continue;
    if (ordinary) {
      const given = /(?<![\p{L}\p{N}])(\p{Lu}\p{Ll}+)[ \t]+$/u.exec(text.slice(Math.max(0, start - 30), start));
      if (given && tests.isName(given[1].toLowerCase())) continue;
    }
    const used = noun ? q + 1 : n;
    let end = words[last].index + words[last][0].length;
    const rest = text.slice(end);
    let at = 0;
    for (let k = 0; k < used; k++) {
      at = rest.indexOf(toks[k], at) + toks[k].length;
    }
    end += at;
    out.push([start, end]);
  }
  return out;
}

// ——— A brand with its inhaler, pen or release form ———
const FORM_WORDS = new Set(
  ('Ellipta Respimat Retard Contin Aerosphere Turbohaler Turbuhaler Accuhaler Evohaler Easyhaler Spiromax Genuair Breezhaler Handihaler ' +
    'HandiHaler Diskus Autohaler Nexthaler NEXThaler Clickhaler Novolizer Forspiro Inhaler FlexPen Flexpen KwikPen Kwikpen SoloStar Solostar ' +
    'Penfill FlexTouch InnoLet Autoinjector Durules Zydis Infatabs Dispersible Chewtab Sandoz Teva Mylan Viatris Zentiva ' +
    'Pen Depot XL XR CR MR ODT').split(' '),
);
// Forms that also follow other words ("Home Depot", "Bic Pen", "Dublin XL"): only after a listed drug.
const FORM_AFTER_KNOWN = new Set('Pen Depot XL XR CR MR ODT'.split(' '));
const BRAND_BEFORE_FORM = /(?<![\p{L}\p{N}'’-])(\p{Lu}[\p{L}\p{N}-]*)[ \t]+$/u;

function brandForms(text: string, words: RegExpExecArray[], tests: NamedTermTests): Range[] {
  const out: Range[] = [];
  for (const f of words) {
    if (!FORM_WORDS.has(f[0]) || text[f.index + f[0].length] === '-') continue;
    const b = BRAND_BEFORE_FORM.exec(text.slice(Math.max(0, f.index - 40), f.index));
    if (!b) continue;
    const start = f.index - b[0].length;
    const brand = b[1].toLowerCase();
    // The capital codes also follow places and names ("Dublin XL" no; "Dr Okafor MR"): only after a
    // listed drug, or after a word that is not a given name or surname.
    if (FORM_AFTER_KNOWN.has(f[0]) && !tests.isKnown(brand)) continue;
    if (tests.isName(brand) && !tests.isKnown(brand)) continue;
    if (tests.personBefore(text.slice(Math.max(0, start - 24), start))) continue;
    out.push([start, f.index + f[0].length]);
  }
  return out;
}

// ——— A brand in brackets after its generic; a blood group system after its antibody ———
// Read from each "(" before a capital: the word before it and the brand inside it (a regex over the
// whole note was tried at every word start and cost about 1 % of a note).
const GENERIC_BEFORE = /(?<![\p{L}\p{N}-])([\p{Ll}][\p{L}\p{N}-]{3,40}|anti-[\p{L}\p{N}]{1,6})[ \t]$/u;
const BRAND_INSIDE = /^\((\p{Lu}[\p{L}\p{N}-]{1,40}(?:[ \t]\p{Lu}[\p{L}\p{N}-]{1,40})?)\)/u;

// Eighteenth round: the form a brand is sold in, before it in brackets ("iron tablets (Feosol)").
const DOSE_FORMS = new Set(
  'tablets tablet capsules capsule drops syrup suspension solution cream ointment gel spray patch patches injection lozenges suppositories granules sachets elixir linctus mouthwash inhaler'.split(' '),
);
// A brand before its generic in brackets ("Buccolam (buccal midazolam)", "Oramorph (oral morphine)"):
// one capitalised word before the bracket; inside, up to two lower-case words and the drug.
const BRAND_BEFORE_BRACKET = /(?<![\p{L}\p{N}'’.-])(\p{Lu}[\p{Ll}\p{N}-]{2,30})[ \t]$/u;
const GENERIC_INSIDE = /^\((?:[a-z-]{2,20}[ \t]){0,2}([a-z-]{4,30})\)/;

function bracketedBrands(text: string, tests: NamedTermTests): Range[] {
  const out: Range[] = [];
  for (let at = text.indexOf('('); at >= 0; at = text.indexOf('(', at + 1)) {
    const next = text.charCodeAt(at + 1);
    if (!(next >= 65 && next <= 90) && !(next > 127 && /\p{Lu}/u.test(text[at + 1] ?? ''))) {
      if (next >= 97 && next <= 122) {
        const brand = BRAND_BEFORE_BRACKET.exec(text.slice(Math.max(0, at - 34), at));
        const generic = brand ? GENERIC_INSIDE.exec(text.slice(at, at + 70)) : null;
        const start = at - (brand?.[0].length ?? 0);
        // The brand itself is a listed drug: any other word there may be a person ("Achterberg
        // (prescribed methadone)").
        if (brand && generic && tests.isDrug(brand[1].toLowerCase()) && tests.isDrug(generic[1]) && !tests.personBefore(text.slice(Math.max(0, start - 24), start))) out.push([start, start + brand[1].length]);
      }
      continue;
    }
    const generic = GENERIC_BEFORE.exec(text.slice(Math.max(0, at - 48), at));
    if (!generic) continue;
    const g = generic[1].toLowerCase();
    const form = DOSE_FORMS.has(g);
    if (!g.startsWith('anti-') && !tests.isKnown(g) && !tests.isClinical(g) && !form) continue;
    const brand = BRAND_INSIDE.exec(text.slice(at, at + 90));
    // After a dose form only a listed drug or a drug-shaped word: "Spare inhaler (Margaret Kowalski)"
    // names whose it is.
    if (brand && (!form || (!brand[1].includes(' ') && tests.isDrug(brand[1].toLowerCase())))) out.push([at + 1, at + 1 + brand[1].length]);
  }
  return out;
}

// ——— A classification's type after its deviser (twentieth round) ———
// "Jerger type As", "Fitzpatrick type IV", "Mobitz type II", "Gustilo type IIIB", "Salter-Harris type II":
// a type in Roman numerals or a capital letter (with a small letter or digit after it) names a class,
// not a person's anything; a digit alone ("Smith type 1 diabetic") is not taken, nor a name after a title.
const CLASS_TYPE = /(?<![\p{L}\p{N}'’-])(\p{Lu}[\p{L}\p{M}'’]+(?:-\p{Lu}[\p{L}\p{M}'’]+)*)[ \t]+types?[ \t]+(?:[IVX]{1,4}[A-Da-d]?|[A-F][a-d1-4]?)(?![\p{L}\p{N}])(?![ \t]+(?:DM|T[12]DM|IDDM|NIDDM|diabet\w*|hypersensitivity|allergy|allergic|respiratory|positive|negative|pos|neg|blood|Rh\w*|personality))/gu;

// Twenty-first round: a streptococcal group ("Group B strep", "group A Streptococcus"), not an organisation's "Group".
const STREP_GROUP = /(?<![\p{L}])[Gg]roup[ \t][A-G][ \t](?:[Ss]trep(?:tococc(?:us|i|al))?|GBS|GAS)(?![\p{L}])/gu;

function classificationTypes(text: string, tests: NamedTermTests): Range[] {
  const out: Range[] = [];
  if (/roup [A-G] /.test(text)) {
    STREP_GROUP.lastIndex = 0;
    for (let m = STREP_GROUP.exec(text); m; m = STREP_GROUP.exec(text)) out.push([m.index, m.index + m[0].length]);
  }
  if (!/[a-z][ \t]+types?[ \t]+[A-FIVX]/.test(text)) return out;
  CLASS_TYPE.lastIndex = 0;
  for (let m = CLASS_TYPE.exec(text); m; m = CLASS_TYPE.exec(text)) {
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    // Not a known name before it ("Anna Jerger type A"): that reads as a person.
    const prev = /(?<![\p{L}])(\p{Lu}\p{Ll}+)[ \t]+$/u.exec(before);
    // Nor a known name itself ("Patel type II diabetes"; review of the round), nor before a diabetes, an
    // allergy or a blood group, which follow a person's name in a handover ("Kaur type II DM", "Siobhan type A positive").
    if (tests.personBefore(before) || (prev && tests.isName(prev[1].toLowerCase())) || m[1].split('-').some((w) => tests.isName(w.toLowerCase()))) continue;
    out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

// ——— A blood group with its RhD type ("O RhD negative", "AB Rh+", "A RhD pos") ———
const BLOOD_GROUP = /(?<![\p{L}\p{N}])(?:AB|A|B|O)[ \t]?(?:RhD|Rh\(D\)|Rh)[ \t]?(?:negative|positive|neg|pos|[+-])(?![\p{L}\p{N}])/gu;

function bloodGroups(text: string): Range[] {
  const out: Range[] = [];
  if (!text.includes('Rh')) return out;
  BLOOD_GROUP.lastIndex = 0;
  for (let m = BLOOD_GROUP.exec(text); m; m = BLOOD_GROUP.exec(text)) out.push([m.index, m.index + m[0].length]);
  return out;
}

// ——— Codes that belong to a term, which the identifier patterns would take for a record number ———
// A standard's number ("IEC 62353", "ISO 13485", "GLI-2012 reference equations").
const STANDARD = /(?<![\p{L}\p{N}])(?:IEC|ISO|ANSI|AAMI|ASTM|DIN|IEEE|GLI)[ -]?\d{2,5}(?:[-:]\d{1,4}){0,2}(?![\p{L}\p{N}-])/gu;
// A sequence variant after its gene or before its verdict ("prothrombin G20210A", "JAK2 V617F
// detected", "MTHFR C677T heterozygous").
const VARIANT = /(?<![\p{L}\p{N}])(?:[ACGT]\d{2,6}[ACGT]|[ARNDCQEGHILKMFPSTWYV]\d{2,4}[ARNDCQEGHILKMFPSTWYV*])(?![\p{L}\p{N}])/gu;
// A gene symbol with a digit ("JAK2", "TP53") or one of the common ones without, or a protein's name in
// lower case; never a record word ("ID G20210A", "case G20210A" are numbers).
const GENE_BEFORE = /(?:(?<![\p{L}])(\p{Ll}{4,})|(?<![\p{L}\p{N}])(?=[A-Z0-9]*\d)[A-Z][A-Z0-9]{2,7}|(?<![\p{L}\p{N}])(?:MTHFR|CFTR|HFE|APOE|BRAF|KRAS|NRAS|EGFR|GJB|SERPINA|FV|F5|F2))[ \t]+$/u;
const RECORD_WORDS = new Set('number code case claim account record member policy card patient chart order sample specimen ticket reference'.split(' '));
const VERDICT_AFTER = /^[ \t]+(?:mutation|variant|negative|positive|detected|not detected|heterozygous|homozygous|carrier|allele)\b/i;

// Nineteenth round: a HCPCS Level II code with its label or before the units it bills ("HCPCS J1745",
// "J-code J2350", "J1569 drug units ×40"): a billing code, not a record number.
// (Review mend: only after HCPCS, CPT or J-code themselves, not any "code": "Gate code: B1234" is a number.)
const HCPCS = /(?:(?<![\p{L}])(?:HCPCS(?:[ \t]+(?:code|Level[ \t]+II))?|J-code|J[ \t]code|CPT)[ \t]*:?[ \t]*|(?<![\p{L}\p{N}-]))[A-V]\d{4}(?![\p{L}\p{N}-])(?:(?<=(?:HCPCS|HCPCS[ \t]+code|J-code|J[ \t]code|CPT|II)[ \t]*:?[ \t]*[A-V]\d{4})|(?=[ \t]+drug[ \t]+units?\b|[ \t]+inj(?:ection)?\b))/gu;

const TERM_CODE = /(?<![\p{L}\p{N}])(?:UN[ ]?\d{4}|USP[ ]?<?\d{3,4}>?|CPT(?:[ \t]+code)?[ \t]*:?[ \t]*\d{5})(?![\p{L}\p{N}])/gu;

function codesOfTerms(text: string): Range[] {
  const out: Range[] = [];
  if (/[A-V]\d{4}/.test(text)) {
    HCPCS.lastIndex = 0;
    for (let m = HCPCS.exec(text); m; m = HCPCS.exec(text)) out.push([m.index, m.index + m[0].length]);
  }
  if (/[A-Z]{2,4}[ -]?\d/.test(text)) {
    STANDARD.lastIndex = 0;
    for (let m = STANDARD.exec(text); m; m = STANDARD.exec(text)) out.push([m.index, m.index + m[0].length]);
  }
  // Twenty-first round: a dangerous-goods UN number ("UN3373 Biological Substance", "dry ice UN1845"), a USP
  // chapter ("USP 797", "USP <800>") and a CPT code after its label ("CPT 43644").
  if (/UN ?\d{4}|USP|CPT/.test(text)) {
    TERM_CODE.lastIndex = 0;
    for (let m = TERM_CODE.exec(text); m; m = TERM_CODE.exec(text)) out.push([m.index, m.index + m[0].length]);
  }
  VARIANT.lastIndex = 0;
  for (let m = VARIANT.exec(text); m; m = VARIANT.exec(text)) {
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    const gene = GENE_BEFORE.exec(before);
    if ((gene && !(gene[1] && RECORD_WORDS.has(gene[1]))) || VERDICT_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 16))) out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

/**
 * The model codes, standards and variants that belong to a term ("Fresenius 5008S", "IEC 62353",
 * "prothrombin G20210A"): text-deidentifier.ts keeps a generic identifier found wholly inside one.
 */
export function termCodeRanges(text: string, words: RegExpExecArray[], tests: NamedTermTests): Range[] {
  return [...deviceMakes(text, words, tests), ...codesOfTerms(text)];
}

/** Every range of the note that holds one of these terms (the words of the note given, read once). */
export function namedTermRanges(text: string, words: RegExpExecArray[], tests: NamedTermTests): Range[] {
  return [...enDashEponyms(text, tests), ...instruments(text, words, tests), ...deviceMakes(text, words, tests), ...brandForms(text, words, tests), ...bracketedBrands(text, tests), ...bloodGroups(text), ...classificationTypes(text, tests)];
}
