/**
 * Eighteenth round: pharmacies, hospitals, clinics, insurers and schools named in their own
 * language, where the English heads of name-detector.ts ("Pharmacy", "Hospital") do not reach:
 * - the head first and the name after it ("Apteka pod Wawelem", "Centro de Salud San Blas",
 *   "Szkoła Podstawowa nr 4 w Gdyni", "Farmácia Popular de Curitiba", "Puskesmas Cibeunying");
 * - the head last, in lower case, after an adjective or a place ("Fakultní nemocnice Brno",
 *   "Všeobecná zdravotní pojišťovna", "Östra universitetssjukhus", "Krajská hygienická stanice").
 * The words are institutions' common nouns, from general knowledge of the languages, not names.
 */
import { Span } from './deid.types';
import { isEnglishWord } from './english-words';
import { isInstrumentHead } from './named-terms';

// Heads written first, in Title Case, with the words that join them to the name. Also read by
// organisation-context.ts, which widens a name found after one of them ("Klinikum Nordstadt").
export const HEAD_FIRST = (
  'Lékárna|Lekáreň|Apteka|Apotheke|Apotek|Apoteket|Apteekki|Farmácia|Farmacia|Pharmacie|Ljekarna|Lekarna|Gyógyszertár|Eczane|Eczanesi|' +
  'Centro de Salud|Centro de Saúde|Centro Médico|Centro Medico|Centro Sanitario|Posto de Saúde|Unidade de Saúde|Unidad de Salud|' +
  'Puskesmas|Posyandu|Klinik|Praxis|Ordination|Poliklinika|Przychodnia|Szpital|Szkoła Podstawowa|Szkoła|Liceum|Escola|Escuela|École|' +
  'Schule|Grundschule|Colegio|Liceo|Universidad|Universidade|Università|Universität|Uniwersytet|Univerzita|Dom Zdravlja|Ambulanta|' +
  'Zdravstveni dom|Vårdcentral|Vårdcentralen|Legekontor|Terveysasema|Consultorio|Dispensario|Dispensaire|Maison de santé|Caisse|' +
  'Mutuelle|Krankenkasse|Ospedale|Hospital de|Hospital do|Hospital da|Clínica|Clinica|Sanatorio|Sanatorium|Policlínica|Policlinico|' +
  'Nemocnice|Nemocnica|Kórház|Bolnica|Bolnišnica|Zdravotní středisko|Rumah Sakit|Klinika|' +
  'Klinikum|Krankenhaus|Spital|Kantonsspital|Ziekenhuis|Hôpital|Hopital|Clinique|Sjukhus|Sykehus|Sygehus|' +
  // Nineteenth round: French, Italian, Romanian and Croatian heads ("Centre hospitalier régional de Rimouski",
  // "Ambulatorio veterinario Šegvić", "Dispensarul Uman Saschiz", "Tribunal judiciaire de Rimouski", "Crkva sv. Stjepana").
  'Centre hospitalier|Centre de santé|Ambulatorio|Dispensarul|Spitalul|Policlinica|Tribunal judiciaire|Tribunal de|Tribunal du|Tribunale di|Tribunale del|Crkva|Pogrebno društvo|Dom zdravlja|Zavod za|' +
  // Twentieth round: Vietnamese, Indonesian, Welsh, Baltic, Turkish and Cyrillic heads ("Bệnh viện Đa khoa tỉnh Cà Mau",
  // "Ysbyty Gwynedd", "Больница №3", "Аптека Здоровье").
  'Bệnh viện|Trạm y tế|Nhà thuốc|Phòng khám|Trung tâm Y tế|Apotek|Ysbyty|Meddygfa|Fferyllfa|Feldšeru punkts|Больница|Лікарня|Аптека|Поліклініка|Поликлиника|Клиника|Клініка|Болница|Дом здравља|Госпиталь'
).split('|');
const HEAD_FIRST_SET = new Set(HEAD_FIRST.filter((h) => !h.includes(' ')));
const HEAD_FIRST_PHRASES = HEAD_FIRST.filter((h) => h.includes(' ')).map((h) => h.split(' '));
// Small words inside such a name ("pod", "u", "w", "de", "nr", "č.").
const JOINERS = new Set('pod u w we na nad przy de do da das dos del di della la le du des von am im an der zum zur y e i nr č. no. sv. św.'.split(' '));
// Heads written last, in lower case, and the endings of compounds that end in one ("universitetssjukhus").
const HEAD_LAST_WORDS = (
  'nemocnice nemocnica pojišťovna poisťovňa pojišťovny stanice poliklinika przychodnia szpital kórház rendelő bolnica bolnišnica ' +
  'lékárna lekáreň apteka vårdcentral vårdcentralen terveysasema sairaala ziekenhuis krankenhaus klinikum spital ' +
  // Twentieth round: Baltic, South Slavic, Turkish and Cyrillic heads ("Madonas slimnīca", "Kauno ligoninė", "Ankara
  // Şehir Hastanesi" in lower case, "Обласна лікарня").
  'slimnīca aptieka poliklīnika doktorāts ligoninė vaistinė klinika ambulanta lekarna ljekarna apoteka hastanesi hastane eczanesi ' +
  'лікарня больница поліклініка поликлиника аптека амбулаторія амбулатория болница клиника клініка госпиталь'
).split(' ');
// Heads of languages that write compounds ("keskussairaala", "universitetssjukhus", "Kreiskrankenhaus"): the word
// may end in one. Finnish, Estonian, Nordic, Icelandic, Dutch, Afrikaans, German and Hungarian.
const HEAD_LAST_ENDINGS = (
  'sjukhus sjukhuset sykehus sykehuset sjukehus sjukehuset sygehus sygehuset legevakt legevakten legesenter legesenteret lægehus ' +
  'sairaala apteekki terveysasema terveyskeskus neuvola hammashoitola kotipalvelu haigla apteek tervisekeskus sjúkrahús sjúkrahúsið ' +
  'heilsugæsla heilsugæslan heilsugæslustöð apótek apotek apoteket apotheek apotheke ziekenhuis hospitaal kliniek krankenhaus klinikum ' +
  'kliinikum kórház rendelőintézet gyógyszertár vårdcentral vårdcentralen hälsocentral sjukstuga'
).split(' ');
const HEAD_LAST = new RegExp(`^(?:${HEAD_LAST_WORDS.join('|')}|\\p{Ll}*(?:${HEAD_LAST_ENDINGS.join('|')}))$`, 'u');
// A head in capitals where English has none ("Beaufort-Wes Provinsiale Hospitaal", "Tartu Ülikooli Kliinikum").
const HEAD_LAST_CAPITAL = /^\p{Lu}\p{Ll}{4,}$/u;

const WORD = /[^\s,;:()[\]{}"“”—–/|]+/gu;
const CAPITAL = /^\p{Lu}/u;
// Whether a note can hold any of them: the first four letters of every head, first or last, compiled once.
const GATE = new RegExp([...new Set([...HEAD_FIRST, ...HEAD_LAST_WORDS, ...HEAD_LAST_ENDINGS].map((h) => h.slice(0, 4)))].join('|'), 'iu');

/** Institutions named in another language, as organisation spans. */
export function foreignInstitutionSpans(text: string): Span[] {
  if (!GATE.test(text)) return [];
  const words: RegExpExecArray[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) words.push(m);
  // Only blanks between two words of one name.
  const joined = (a: number, b: number) => /^[ \t]{1,2}$/.test(text.slice(words[a].index + words[a][0].length, words[b].index));
  const out: Span[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i][0];
    // The head first: one word, or a listed phrase of two or three.
    let headEnd = -1;
    if (HEAD_FIRST_SET.has(w)) headEnd = i;
    else if (CAPITAL.test(w)) {
      for (const p of HEAD_FIRST_PHRASES) {
        if (p[0] !== w || i + p.length > words.length) continue;
        if (p.every((x, k) => words[i + k][0] === x && (k === 0 || joined(i + k - 1, i + k)))) headEnd = i + p.length - 1;
      }
    }
    if (headEnd >= 0) {
      // The name after it: capitalised words, numbers and joiners, ending on a capital or a number.
      let last = headEnd;
      // Nineteenth round: the name's own adjectives right after its head ("Centre hospitalier régional de
      // Rimouski", "Ambulatorio veterinario Šegvić") count only when a capitalised word follows them.
      let pendingLower = -1;
      for (let k = headEnd + 1; k < words.length && k - headEnd <= 6 && joined(k - 1, k); k++) {
        // Not across a sentence's end ("Ysbyty Maelor Wrecsam. Her CHA2DS2-VASc").
        if (k > headEnd + 1 && /\p{L}{3}\.$/u.test(words[k - 1][0])) break;
        const x = words[k][0].replace(/[.]$/, '');
        if (CAPITAL.test(x) || (/^\d{1,4}$/.test(x) && pendingLower === -1)) {
          last = k;
          pendingLower = -1;
        }
        // A word of the name's own language in lower case after a capital ("U Zlatého orla"), not
        // an English word ("Apteka Centrum open").
        else if (/^\p{Ll}{3,}$/u.test(x) && last === k - 1 && last > headEnd && !isEnglishWord(x)) last = k;
        else if (/^\p{Ll}{3,}$/u.test(x) && (last === k - 1 || pendingLower === k - 1) && !isEnglishWord(x)) pendingLower = k;
        else if (!JOINERS.has(words[k][0]) && !JOINERS.has(x)) break;
      }
      // "Kaufman Speech Praxis Test": an instrument's name, not a practice.
      if (last > headEnd && !words.slice(headEnd + 1, last + 1).some((x) => isInstrumentHead(x[0]))) {
        const end = words[last].index + words[last][0].replace(/[.]$/, '').length;
        out.push({ start: words[i].index, end, kind: 'ORGANIZATION', priority: 1.9 });
        i = last;
        continue;
      }
    }
    // The head last: one to three words before it, the first capitalised, and a capitalised
    // place after it ("Fakultní nemocnice Olomouc").
    // A sentence's full stop after the head is not part of it ("… from Kuusjärven apteekki.").
    const h = w.endsWith('.') ? w.slice(0, -1) : w;
    if (h.length >= 5 && (HEAD_LAST.test(h) || (HEAD_LAST_CAPITAL.test(h) && !isEnglishWord(h.toLowerCase()) && HEAD_LAST.test(h.toLowerCase())))) {
      let first = i;
      for (let k = i - 1; k >= 0 && i - k <= 3 && joined(k, k + 1); k--) {
        // Not across a sentence's end ("… Boston Naming Test. Pharmacy Kuusjärven apteekki").
        if (/\p{L}{3}\.$/u.test(words[k][0])) break;
        if (CAPITAL.test(words[k][0])) first = k;
        // An adjective of the name's own language ("zdravotní"), never an English word ("from").
        else if (!/^\p{Ll}{3,}$/u.test(words[k][0]) || isEnglishWord(words[k][0])) break;
      }
      if (first === i || !CAPITAL.test(words[first][0])) continue;
      let last = i;
      // A sentence's full stop after the place is not part of it ("… nemocnice Liberec.").
      if (h === w && i + 1 < words.length && joined(i, i + 1) && /^\p{Lu}\p{Ll}+\.?$/u.test(words[i + 1][0])) last = i + 1;
      out.push({ start: words[first].index, end: words[last].index + words[last][0].replace(/\.$/, '').length, kind: 'ORGANIZATION', priority: 1.9 });
      i = last;
    }
  }
  return out;
}
