/**
 * What the detectors find of an organisation is often its own name while the words around it
 * stay: the head after a name or place ("Okanogan Valley Kidney Center", "Mianscum Dialysis Unit",
 * "Pfannenstiel & Daughters Mortuary"), a company form ("Medisalus Assurance SA", "Vilaseca Embotits
 * S.A.", "(Pvt) Ltd"), "The" before it ("The Larkspur Trust"), a head before "of" and a place found
 * after it ("Poison Control Center of the Great Plains"), and its initials used elsewhere in the
 * note ("Bitterbrush Regional Medical Center … BRMC"). These widen or add organisation spans from
 * the text around the merged spans; they never reach into another span.
 */
import { Span } from './deid.types';
import { FACILITY_HEAD, HEAD_TAIL, isCommonWord } from './name-detector';
import { hasClinicalWord, isMedicalTerm } from './medical-terms';
import { isCredential } from './credentials';
import { SpanCover } from './span-cover';
import { HEAD_FIRST } from './institution-words';

// Sixteenth round: programmes, registries, labs, plans, districts and specialty practices after a
// name ("Ironweed Marrow Donor Program", "Bluestem Benefit Plans", "Keystone Pinnacle HMO",
// "Tecumseh Ridge Ambulance District", "Catalpa Allergy & Immunology", "Ocotillo Sleep and Lung").
const MORE_HEADS =
  'Department|Police Department|Fire Department|Mortuary|Toxicology|Benefit Plan|Plan|Plans|Infirmary|Balance|Gift|Trust|Fund|' +
  'Program|Programme|Registry|Lab|Labs|HMO|PPO|EPO|District|Team|Allergy|Immunology|Lung|Sleep|Initiative|Collaborative|' +
  // Seventeenth round: panels, hubs and services by what they do ("Mental Health Review Panel of
  // Vermont", "Gaolgate Integrated Care Hub", "Quillback Language Link", "Bitterroot Search and Rescue").
  'Panel|Board|Committee|Tribunal|Hub|Link|Guild|Interpreters|Interpreting|Search and Rescue|Search & Rescue|Rescue|Repair|' +
  // A payer's product after its name ("Palmetto Crescent Medicare Advantage", "Bayou Assurance
  // Medicaid"), a service in capitals ("NORTH SLOPE BOROUGH EMS") and a school's grades ("Lost Springs K-8").
  'Medicare Advantage|Medicaid|Medicare|Advantage|EMS|K-8|K-12|Benefit|Benefits|' +
  // Medical centres named by their initials before "of" ("UMC of the High Desert").
  'UMC|RMC|RHC|CHC|FQHC|VAMC';
const HEADS = `${FACILITY_HEAD}|${HEAD_TAIL}|${MORE_HEADS}`;
const TITLE_WORD = "\\p{Lu}[\\p{L}\\p{M}'’-]*";
// Up to three capitalised words (an "&" between them) and a head, right after a name, place or organisation.
const HEAD_AFTER = new RegExp(`^(?:[ \\t]+(?:(?:&|and)[ \\t]+)?${TITLE_WORD}){0,3}?[ \\t]+(?:(?:&|and)[ \\t]+)?(?:${HEADS})(?![\\p{L}\\p{N}])`, 'u');
// Company forms of many countries after an organisation's name.
const COMPANY_FORM =
  /^,?[ \t]+(?:S\.A\.(?![\p{L}])|SA|S\.L\.(?![\p{L}])|SL|S\.A\.S\.|SAS|SARL|S\.r\.l\.|SRL|S\.p\.A\.|sh\.p\.k\.|\(Pvt\)[ \t]+Ltd\.?|Pvt\.?[ \t]+Ltd\.?|Pty[ \t]+Ltd\.?|Ltd\.?|LLC|LLP|PLLC|P\.C\.|Inc\.?|Corp\.?|Co\.|GmbH|AG|BV|B\.V\.|NV|N\.V\.|plc|PLC|Oy|AB|ASA|A\/S|ApS|KK|K\.K\.|d\.o\.o\.|s\.r\.o\.|Sp\.[ \t]+z[ \t]+o\.o\.|NZ|UK|USA)(?![\p{L}\p{N}])/u;
const THE_BEFORE = /(?<![\p{L}])The[ \t]+$/u;
// "Dr. Pulipaka's Nephrology Associates": the title of the person whose practice it is.
const TITLE_BEFORE = /(?<![\p{L}])(?:Dr|Drs)\.?[ \t]+$/u;
// "Poison Control Center of the Great Plains", "Kingdom Hall of Ahoskie": a head and "of" before a place.
// Read word by word from the end (a regex over the text before every span was quadratic on long runs).
const HEAD_SET = new Set(HEADS.split('|').map((h) => h.replace(/\\\.\?$/, '').replace(/\\/g, '')));

function headOfBefore(before: string): [string] | null {
  const found = [...before.matchAll(/[^ \t\n]+/g)];
  const words = found.map((m) => m[0]);
  let i = words.length - 1;
  if (words[i] === 'the') i--;
  if (words[i] !== 'of' && words[i] !== 'for') return null;
  i--;
  // The head (one or two words) and up to three capitalised words before it.
  const isHead = HEAD_SET.has(words[i] ?? '') ? 1 : HEAD_SET.has(`${words[i - 1]} ${words[i]}`) ? 2 : 0;
  if (isHead === 0) return null;
  let first = i - isHead + 1;
  while (first > 0 && i - first < 4 && /^\p{Lu}[\p{L}\p{M}'’-]*$/u.test(words[first - 1]) && !/\n/.test(before.slice(found[first - 1].index, found[first].index))) first--;
  return [before.slice(found[first].index)];
}
// Eighteenth round: a name of one to three capitalised words before "of the" and a place found after
// it, with no head word ("LifeShare of the Ozarks", "Lincare of the Northern Plains", "Hospice of the
// Big Bend", "Meals on Wheels of the North Fork"), where a preposition or a line break opens it.
/** A line break or a preposition that opens a name "of the" a place (also read by text-deidentifier.ts). */
export const OPENS_NAMED_OF = '(?:\\n|(?<![\\p{L}])(?:at|via|to|from|with|by|or|and|in|through|under|for)[ \\t]+)';
const NAMED_OF_BEFORE = new RegExp(
  `${OPENS_NAMED_OF}((?:\\p{Lu}[\\p{L}\\p{M}'’-]*[ \\t]+(?:on[ \\t]+)?){0,2}\\p{Lu}[\\p{L}\\p{M}'’-]*[ \\t]+(?:of|for)[ \\t]+(?:the[ \\t]+)?(?:\\p{Lu}[\\p{L}\\p{M}'’-]*[ \\t]+){0,2})$`,
  'u',
);
const OF_NEXT_LOOSE = /(?:of|for)(?:[ \t]+the)?(?:[ \t]+\p{Lu}[\p{L}\p{M}'’-]*){0,2}[ \t]+$/u;

function namedOfBefore(before: string): [string] | null {
  const m = NAMED_OF_BEFORE.exec(before);
  if (!m) return null;
  // Not a sentence's ordinary words ("in The Top of the Morning"): the first word is not a stop word.
  if (LEAD_STOP.test(m[1].split(/[ \t]+/)[0])) return null;
  return [m[1]];
}
const NAMED = new Set(['PERSON', 'LOCATION', 'ORGANIZATION']);
// Seventeenth round. Words joined to a name by "&" ("Okemah Drug & Feed", "Tenmile Crossing Rod &
// Gun Club"): one or two capitalised words after it, up to three before it on its line.
const AMPERSAND_AFTER = /^[ \t]+&[ \t]+\p{Lu}[\p{L}\p{M}'’-]*(?:[ \t]+\p{Lu}[\p{L}\p{M}'’-]*)?(?![\p{L}\p{N}'’-])/u;
const AMPERSAND_BEFORE = /(?<![\p{L}\p{N}'’.-])(?:\p{Lu}[\p{L}\p{M}'’-]*[ \t]){1,3}&[ \t]+$/u;
// Hospitals named head first in other languages ("AZ Sint-Elooi", "Klinikum Nordstadt", "Hôpital
// Saint-Louis", "Szpital Miejski"): the head before the name found.
const HEAD_FIRST_BEFORE = new RegExp(`(?<![\\p{L}\\p{N}])(?:AZ|UZ|CHU|CHR|CHRU|${HEAD_FIRST.filter((h) => !h.includes(' ')).join('|')})[ \\t]+$`, 'u');
/** Capitalised words that a name takes in: none a clinical or listed medical word. */
const plainWords = (value: string): boolean => value.split(/[ \t&]+/).filter(Boolean).every((w) => !isMedicalTerm(w.toLowerCase()) && !hasClinicalWord(w) && !isCredential(w));
const NUMBER_LEAD = /^(?:Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Twelve|Twin|Hundred|Thousand)$/;
// Words that never open an organisation's name before it, even mid-sentence.
const LEAD_STOP = /^(?:The|A|An|This|That|These|Those|Our|Your|My|His|Her|Their|Its|Local|Nearest|New|Old|Same|Other|Another|Any|Each|Every|No|Next|Last|First|Second|Third|Both|Either|Dear)$/;
const NAMES_BEFORE = /(?<![\p{L}\p{N}'’.-])(?:\p{Lu}[\p{L}\p{M}'’-]*[ ]){1,2}$/u;
// Cheap test first: a capitalised word (or "&") right after the span.
const CAPITAL_NEXT = /^[ \t]+(?:&|and[ \t]|\p{Lu})/u;

/** "Bitterbrush Regional Medical Center" → BRMC (and, with its small words, e.g. DOH for "Dept of Health"). */
function initials(name: string): string[] {
  const words = name.split(/[\s&,–-]+/).filter((w) => /^\p{L}/u.test(w));
  const big = words.filter((w) => /^\p{Lu}/u.test(w));
  return [...new Set([big.map((w) => w[0]).join(''), words.map((w) => w[0]).join('').toUpperCase()])].filter((x) => /^[A-Z]{3,6}$/.test(x));
}

/** Grows `s` to `end` over the following spans if they are all names or places (else leaves it). */
function grow(spans: Span[], i: number, s: Span, end: number): { span: Span; skip: number } | undefined {
  let j = i + 1;
  while (j < spans.length && spans[j].start < end) {
    if (!NAMED.has(spans[j].kind)) return undefined;
    end = Math.max(end, spans[j].end);
    j++;
  }
  return { span: { ...s, end, kind: 'ORGANIZATION' }, skip: j - i - 1 };
}

export function widenOrganisations(text: string, spans: Span[]): Span[] {
  if (!spans.some((s) => NAMED.has(s.kind))) return spans;
  const out: Span[] = [];
  for (let i = 0; i < spans.length; i++) {
    let s = spans[i];
    if (NAMED.has(s.kind)) {
      // A second head joined by "&" or "and" ("Catalpa Allergy & Immunology", "Ocotillo Sleep and Lung").
      for (let round = 0; round < 2; round++) {
        const head = CAPITAL_NEXT.test(text.slice(s.end, s.end + 5)) ? HEAD_AFTER.exec(text.slice(s.end, s.end + 80)) : null;
        const grown = head ? grow(spans, i, s, s.end + head[0].length) : undefined;
        if (!grown) break;
        s = grown.span;
        i += grown.skip;
      }
      const form = COMPANY_FORM.exec(text.slice(s.end, s.end + 24));
      const formed = form ? grow(spans, i, s, s.end + form[0].length) : undefined;
      if (formed) {
        s = formed.span;
        i += formed.skip;
      }
      const amp = AMPERSAND_AFTER.exec(text.slice(s.end, s.end + 60));
      const joined = amp && plainWords(amp[0]) ? grow(spans, i, s, s.end + amp[0].length) : undefined;
      if (joined) {
        s = joined.span;
        i += joined.skip;
      }
      const prev = out.length > 0 ? out[out.length - 1].end : 0;
      const ampBefore = AMPERSAND_BEFORE.exec(text.slice(Math.max(prev, s.start - 60), s.start));
      if (ampBefore && plainWords(ampBefore[0])) s = { ...s, start: s.start - ampBefore[0].length, kind: 'ORGANIZATION' };
      const headFirst = HEAD_FIRST_BEFORE.exec(text.slice(Math.max(prev, s.start - 16), s.start));
      if (headFirst) s = { ...s, start: s.start - headFirst[0].length, kind: 'ORGANIZATION' };
      // "Cover: Vantrell Benefit Plans", "at BluePeak HLA Typing Lab": an organisation found from its
      // head takes the one or two names written right before it on its line (not an ordinary word).
      if (s.kind === 'ORGANIZATION') {
        const from = Math.max(prev, s.start - 40);
        const lead = NAMES_BEFORE.exec(text.slice(from, s.start));
        // Seventeenth round: mid-sentence, after a word in lower case, an ordinary word in Title Case
        // opens the name too ("via Lost Springs K-8", "at Sugar Notch Pharmacy").
        const midSentence = lead !== null && /\p{Ll}[ \t]+$/u.test(text.slice(Math.max(0, from + lead.index - 12), from + lead.index));
        // A number word opens a place's name anywhere ("Three Rivers Dialysis Unit", "Twin Falls Clinic").
        if (lead && lead[0].trim().split(/[ \t]+/).every((w) => (!isCommonWord(w.toLowerCase()) || (midSentence && !LEAD_STOP.test(w)) || NUMBER_LEAD.test(w)) && !isCredential(w))) s = { ...s, start: s.start - lead[0].length };
      }
      const before = text.slice(Math.max(prev, s.start - 60), s.start);
      const last = out[out.length - 1];
      const of = OF_NEXT_LOOSE.test(before) ? (headOfBefore(before) ?? namedOfBefore(before)) : null;
      // Twentieth round: an organisation found just before "of" or "of the" and this name is one name with
      // it ("Gift of Life of the Shoals", "Mt. Pisgah AME Zion of Quillan").
      // Twenty-first round: "for the" too ("Mental Health Review Tribunal for the Southern Region").
      if (last?.kind === 'ORGANIZATION' && /^[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?$/.test(text.slice(last.end, s.start))) {
        out.pop();
        s = { ...s, start: last.start, kind: 'ORGANIZATION' };
      } else if (of) s = { ...s, start: s.start - of[0].length, kind: 'ORGANIZATION' };
      else if (s.kind === 'ORGANIZATION') {
        const the = THE_BEFORE.exec(before);
        const title = /^\p{Lu}[\p{L}-]*['’]s[ \t]/u.test(text.slice(s.start, s.end)) ? TITLE_BEFORE.exec(before) : null;
        if (the) s = { ...s, start: s.start - the[0].length };
        else if (title) s = { ...s, start: s.start - title[0].length };
      }
    }
    out.push(s);
  }
  return withInitials(text, out);
}

/** Initialisms of the note's organisations, wherever they stand alone in capitals. */
function withInitials(text: string, spans: Span[]): Span[] {
  const wanted = new Set(spans.filter((s) => s.kind === 'ORGANIZATION').flatMap((s) => initials(text.slice(s.start, s.end))));
  if (wanted.size === 0) return spans;
  const found: Span[] = [];
  let cover: SpanCover | undefined;
  for (const m of text.matchAll(/\b[A-Z]{3,6}\b/g)) {
    if (!wanted.has(m[0])) continue;
    cover ??= new SpanCover(text.length, spans);
    if (cover.free(m.index, m.index + m[0].length)) found.push({ start: m.index, end: m.index + m[0].length, kind: 'ORGANIZATION', priority: 2 });
  }
  return found.length === 0 ? spans : [...spans, ...found].sort((a, b) => a.start - b.start);
}
