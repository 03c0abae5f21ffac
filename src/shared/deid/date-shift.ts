/**
 * Finds dates in free text and shifts them by a per-patient offset.
 *
 * Why shifting rather than generalising to the year: the model monitors trends (HbA1c every
 * three months, INR after a dose change), so it needs true intervals between events. One offset
 * per patient keeps every interval exact while hiding the real calendar dates (Safe Harbor
 * forbids every date element except the year; a shifted date reveals neither day nor month).
 *
 * These patterns are our own (no maintained date-PHI pattern library is installed); each form
 * is covered by date-shift.spec.ts and by the labelled notes in test/fixtures/deid.
 */
import { createHmac, randomInt } from 'node:crypto';
import { scoreBefore } from './medical-terms';

export type DateGranularity = 'day' | 'month' | 'monthday';

export interface ParsedDate {
  year?: number;
  month: number;
  day?: number;
  granularity: DateGranularity;
}

export interface DateMatch {
  start: number;
  end: number;
  parsed: ParsedDate;
}

const MONTHS = [
  'jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec',
];
const MONTH_NAMES = [
  'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec',
];
// Full names and abbreviations; "May" must be capitalised so the verb "may" is not a month.
const MONTH =
  '(?:[Jj]an(?:uary)?|[Ff]eb(?:ruary)?|[Mm]ar(?:ch)?|[Aa]pr(?:il)?|May|[Jj]un(?:e)?|[Jj]ul(?:y)?|' +
  '[Aa]ug(?:ust)?|[Ss]ep(?:t(?:ember)?)?|[Oo]ct(?:ober)?|[Nn]ov(?:ember)?|[Dd]ec(?:ember)?|' +
  'JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?|SEP(?:T(?:EMBER)?)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)';
// "5th", and in a line written in capitals "5TH".
const ORD = '(?:st|nd|rd|th|ST|ND|RD|TH)?';
// "SEPT 2 23": two digits after a month and day are its year unless a time, a count or a unit
// follows ("Jan 5 10 am", "Mar 3 12 patients"); a year after an apostrophe ("Feb 27 '87.") keeps
// its own, looser alternative.
// Twentieth round: nor a fraction or a date of its own ("Mar. 28th\n11/5 08:10" is not March 28, 2011).
const TWO_DIGIT_YEAR_END =
  "(?![\\d:./]|\\s*(?:am|pm|a\\.m|p\\.m|h\\b|hrs?|hours?|mins?|noon|midnight|o['’]clock|mg|mcg|ml|mL|g\\b|kg|%|x\\b|times|patients|pts|days?|weeks?|wks?|months?|years?|yrs?|y\\/?o|units?|tabs?))";

const ORD_WORDS = [
  'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth',
  'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth', 'twentieth',
];
const ORD_WORD = `((?:twenty|thirty)[- ](?:${ORD_WORDS.slice(0, 9).join('|')})|${[...ORD_WORDS, 'thirtieth'].join('|')})`;

/** "twenty-first" → 21. */
function ordinalWord(w: string): number {
  const parts = w.toLowerCase().split(/[- ]/);
  if (parts.length === 2) return (parts[0] === 'twenty' ? 20 : 30) + ORD_WORDS.indexOf(parts[1]) + 1;
  return parts[0] === 'thirtieth' ? 30 : ORD_WORDS.indexOf(parts[0]) + 1;
}

interface DatePattern {
  re: RegExp;
  parse: (m: RegExpExecArray) => ParsedDate | undefined;
  /** Characters of the match before the date itself (a context keyword). */
  lead?: (m: RegExpExecArray) => number;
  /** Run only when this cheap test finds what the pattern needs in the text. */
  gate?: RegExp;
}

const WEEKDAY = '(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|Mon|Tue|Tues|Wed|Weds|Thu|Thur|Thurs|Fri|Sat|Sun)';

// French, Spanish, Portuguese, Italian, German and Dutch month names, in the order of the year;
// seventeenth round: Welsh, the Scandinavian languages, Polish and Czech (in the genitive a date
// writes them in: "3 marca", "5. května") and Indonesian; nineteenth round: Romanian, Hungarian,
// Croatian and Serbian (nominative and genitive), Finnish (partitive), Turkish, Lithuanian (genitive),
// Latvian, Estonian, Tagalog, Swahili and Basque (genitive); not Afrikaans "Junie" or "Julie", which are names. Croatian "listopada" (October) is left to
// the Polish November it was already read as: a date either way, shifted a month off. Left out: names
// that are also a person's or a clinic's after a number ("Mayo", "Marta", "Mart", "Nisan", "Jula").
const FOREIGN_MONTHS: string[][] = [
  ['janvier', 'enero', 'janeiro', 'gennaio', 'januar', 'jänner', 'januari', 'ionawr', 'stycznia', 'ledna', 'ianuarie', 'január', 'siječnja', 'siječanj', 'januara', 'tammikuuta', 'ocak', 'januári', 'sausio', 'janvāris', 'jaanuar', 'januarie', 'urtarrilaren'],
  ['février', 'fevrier', 'febrero', 'fevereiro', 'febbraio', 'februar', 'februari', 'chwefror', 'lutego', 'února', 'februarie', 'február', 'veljače', 'veljača', 'februara', 'helmikuuta', 'şubat', 'vasario', 'februāris', 'veebruar', 'pebrero', 'otsailaren'],
  ['mars', 'marzo', 'março', 'märz', 'maart', 'mawrth', 'marts', 'marca', 'března', 'maret', 'martie', 'március', 'ožujka', 'ožujak', 'maaliskuuta', 'kovo', 'märts', 'marso', 'machi', 'martxoaren'],
  ['avril', 'abril', 'aprile', 'ebrill', 'kwietnia', 'dubna', 'aprilie', 'április', 'travnja', 'travanj', 'aprila', 'huhtikuuta', 'balandžio', 'aprīlis', 'aprill', 'aprili', 'apirilaren'],
  ['mai', 'maio', 'maggio', 'mei', 'maj', 'maja', 'května', 'május', 'svibnja', 'svibanj', 'toukokuuta', 'mayıs', 'gegužės', 'maijs', 'maiatzaren'],
  ['juin', 'junio', 'junho', 'giugno', 'juni', 'mehefin', 'czerwca', 'června', 'iunie', 'június', 'lipnja', 'lipanj', 'juna', 'kesäkuuta', 'haziran', 'birželio', 'jūnijs', 'juuni', 'hunyo', 'ekainaren'],
  ['juillet', 'julio', 'julho', 'luglio', 'juli', 'gorffennaf', 'lipca', 'července', 'iulie', 'július', 'srpnja', 'srpanj', 'heinäkuuta', 'temmuz', 'liepos', 'jūlijs', 'juuli', 'hulyo', 'julai', 'uztailaren'],
  ['août', 'aout', 'agosto', 'augustus', 'awst', 'augusti', 'sierpnia', 'srpna', 'agustus', 'august', 'augusztus', 'kolovoza', 'kolovoz', 'avgusta', 'elokuuta', 'ağustos', 'rugpjūčio', 'augusts', 'agosti', 'abuztuaren'],
  ['septembre', 'septiembre', 'setiembre', 'setembro', 'settembre', 'medi', 'września', 'září', 'septembrie', 'szeptember', 'rujna', 'rujan', 'septembra', 'syyskuuta', 'eylül', 'rugsėjo', 'septembris', 'setyembre', 'septemba', 'irailaren'],
  ['octobre', 'octubre', 'outubro', 'ottobre', 'oktober', 'hydref', 'października', 'října', 'octombrie', 'október', 'oktobra', 'lokakuuta', 'ekim', 'spalio', 'oktobris', 'oktoober', 'oktubre', 'oktoba', 'urriaren'],
  ['novembre', 'noviembre', 'novembro', 'tachwedd', 'listopada', 'listopadu', 'noiembrie', 'november', 'studenoga', 'studeni', 'novembra', 'marraskuuta', 'kasım', 'lapkričio', 'novembris', 'nobyembre', 'novemba', 'azaroaren'],
  ['décembre', 'decembre', 'diciembre', 'dezembro', 'dicembre', 'dezember', 'rhagfyr', 'desember', 'grudnia', 'prosince', 'decembrie', 'december', 'prosinca', 'prosinac', 'decembra', 'joulukuuta', 'aralık', 'gruodžio', 'decembris', 'detsember', 'disyembre', 'desemba', 'abenduaren'],
];
const FOREIGN_MONTH = FOREIGN_MONTHS.flat().sort((a, b) => b.length - a.length).join('|');
const FOREIGN_MONTH_IN = new RegExp(`(?<![\\p{L}])(?:${FOREIGN_MONTH})(?![\\p{L}])`, 'iu');

function foreignMonthIndex(name: string): number {
  const n = name.toLowerCase();
  return FOREIGN_MONTHS.findIndex((names) => names.includes(n)) + 1;
}

/**
 * A day and a month without a year: month first with a slash (as US notes write it) and day first
 * with a dot, unless only the other order is a date ("Thu 18/08", "14/12 23:10").
 */
function dayMonthEitherWay(a: number, b: number, separator: string): ParsedDate | undefined {
  const [month, day] = separator === '.' ? [b, a] : [a, b];
  if (valid(2000, month, day)) return { month, day, granularity: 'monthday' };
  return valid(2000, day, month) ? { month: day, day: month, granularity: 'monthday' } : undefined;
}

const ROMAN_MONTHS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

const PATTERNS: DatePattern[] = [
  // 2021-03-04, 2021/03/04, 2021.03.04 (a following T14:30 time is left alone: it is not PHI)
  { re: /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/g, parse: (m) => ymd(+m[1], +m[2], +m[3]) },
  // 03/04/2021, 3-4-21, 04.03.2021 (dots are day-first, as in Europe; slashes US unless day > 12)
  {
    re: /(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/])/g,
    parse: (m) => {
      const a = +m[1];
      const b = +m[3];
      const y = year(m[4]);
      // Dots are day-first unless the second number cannot be a month ("3.22.1940" is US order).
      if ((m[2] === '.' && b <= 12) || a > 12) return ymd(y, b, a);
      return ymd(y, a, b);
    },
  },
  // 14.x.2019, 3/IV/98, 21-XII-2020: the month in roman numerals, as European notes write it.
  {
    re: /(?<![\w/.-])(\d{1,2})([./ -])(XII|XI|IX|X|VIII|VII|VI|IV|V|III|II|I|xii|xi|ix|x|viii|vii|vi|iv|v|iii|ii|i)\2(\d{4}|\d{2})(?![\w/])/g,
    parse: (m) => ymd(year(m[4]), ROMAN_MONTHS.indexOf(m[3].toUpperCase()) + 1, +m[1]),
  },
  // Feb-27-1987, FEB-27-1987: the month in letters, dashes between
  { re: new RegExp(`\\b(${MONTH})-(\\d{1,2})-(\\d{4})(?![\\d-])`, 'g'), parse: (m) => monthDay(m[1], +m[2], m[3]) },
  // March 4, 2021 / Mar. 4th 2021 / March 4
  {
    re: new RegExp(`\\b(${MONTH})(?:\\.\\s*|\\s+)(\\d{1,2})${ORD}(?:,?[ \\t]+((?:1[89]|20)\\d{2})(?!\\d)|,?[ \\t]+['’](\\d{2})(?!\\d)|,?[ \\t]+(\\d{2})${TWO_DIGIT_YEAR_END})?(?!\\d|:\\d)`, 'g'),
    parse: (m) => monthDay(m[1], +m[2], m[3] ?? m[4] ?? m[5]),
  },
  // 4 March 2021 / 4th of March, 2021 / 04-Mar-2021 / 04Mar2021 / 4 Mar; "15JAN 0325", "4 Mar 0800":
  // four digits that cannot be the year are the time of a date without one.
  {
    re: new RegExp(`\\b(\\d{1,2})${ORD}(?:\\s+of\\s+|[\\s.-]?)(${MONTH})(?:(?:\\.?,?\\s+['’]?|\\.?-|\\.)(\\d{4}|\\d{2}))?\\b`, 'g'),
    parse: (m) => monthDay(m[2], +m[1], m[3]) ?? (m[3] !== undefined && /^(?:[01]\d|2[0-3])[0-5]\d$/.test(m[3]) ? monthDay(m[2], +m[1]) : undefined),
  },
  // Twentieth round: the day's full stop as Nordic and German dates write it, with the year ("3. april 2024"):
  // without one it is a numbered list's item ("1. May go home", "2. March clinic"), and so is a month in
  // Title Case ("1. Mar 2024 admission"): those languages write it in lower case.
  {
    re: new RegExp(`(?<![\\d.])(\\d{1,2})\\.[ \\t](${MONTH})\\.?,?[ \\t]+((?:19|20)\\d{2})(?!\\d)`, 'g'),
    parse: (m) => (m[2] === m[2].toLowerCase() ? monthDay(m[2], +m[1], m[3]) : undefined),
  },
  // 2024-Mar-05, 2024 Mar 5
  {
    re: new RegExp(`\\b(\\d{4})[-/. ](${MONTH})[-/. ](\\d{1,2})(?!\\d)`, 'g'),
    parse: (m) => monthDay(m[2], +m[3], m[1]),
  },
  // Military and compact forms with the month in letters: 07FEB22, 19NOV2021, 4aug19.
  {
    re: new RegExp(`(?<![\\w/.-])(\\d{1,2})(${MONTH})(\\d{4}|\\d{2})(?![\\w/])`, 'gi'),
    parse: (m) => monthDay(m[2], +m[1], m[3]),
  },
  // July the 9th / March the 3rd
  {
    re: new RegExp(`\\b(${MONTH})\\.?\\s+the\\s+(\\d{1,2})(?:st|nd|rd|th)\\b`, 'g'),
    parse: (m) => monthDay(m[1], +m[2]),
  },
  // November of 2019 / Sept-21 / Nov '19 (a month with a year of two digits after a dash)
  {
    re: new RegExp(`\\b(${MONTH})\\.?(?:\\s+of\\s+(\\d{4})|-(\\d{2}))(?![\\d/-])`, 'g'),
    parse: (m) => monthYear(monthIndex(m[1]), m[2] ? +m[2] : year(m[3])),
  },
  // March 2021 / Mar-2021 / 03/2021
  {
    re: new RegExp(`\\b(${MONTH})\\.?(?:,?\\s+|-)(\\d{4})\\b`, 'g'),
    parse: (m) => monthYear(monthIndex(m[1]), +m[2]),
  },
  { re: /(?<![\d/])(\d{1,2})\/(\d{4})\b/g, parse: (m) => monthYear(+m[1], +m[2]) },
  // March '21 / Mar ’99: a month with an apostrophe year.
  { re: new RegExp(`\\b(${MONTH})\\.?\\s+['’](\\d{2})(?!\\d)`, 'g'), parse: (m) => monthYear(monthIndex(m[1]), year(m[2])) },
  // the fourth of March / fourth of March, 2021
  {
    re: new RegExp(`\\b(?:the\\s+)?${ORD_WORD}\\s+(?:of\\s+)?(${MONTH})\\b\\.?(?:,?\\s+(\\d{4}))?`, 'gi'),
    parse: (m) => monthDay(m[2], ordinalWord(m[1]), m[3]),
  },
  // March fourth / March the twenty-first, 2021
  {
    re: new RegExp(`\\b(${MONTH})\\.?\\s+(?:the\\s+)?${ORD_WORD}\\b(?:,?\\s+(\\d{4}))?`, 'g'),
    parse: (m) => monthDay(m[1], ordinalWord(m[2]), m[3]),
  },
  // 2024年3月5日 (Chinese and Japanese notes, and names of dates pasted from them)
  { re: /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/g, parse: (m) => ymd(+m[1], +m[2], +m[3]) },
  // Twentieth round: Vietnamese, the day, "tháng" and the month's number, "năm" and the year ("ngày 24 tháng 7 năm
  // 2019", "24 tháng 7"); the month and year alone ("tháng 7 năm 2019").
  {
    // "ngày" before it or the year after it: "6 tháng 1 lần" is "once in six months", "9 tháng 12 ngày tuổi" an age.
    re: /(?<![\p{L}\p{N}])(?:([Nn]gày|NGÀY)[ \t]+)?(\d{1,2})[ \t]+(?:tháng|Tháng|THÁNG)[ \t]+(\d{1,2})(?:(?:,?[ \t]+(?:năm|Năm|NĂM)[ \t]+|,[ \t]*)(\d{4}))?(?!\d)/gu,
    gate: /háng|HÁNG/,
    parse: (m) =>
      m[4] !== undefined ? ymd(+m[4], +m[3], +m[2]) : m[1] !== undefined && valid(2000, +m[3], +m[2]) ? { month: +m[3], day: +m[2], granularity: 'monthday' } : undefined,
  },
  { re: /(?<![\p{L}\p{N}])(?:tháng|Tháng|THÁNG)[ \t]+(\d{1,2})[ \t]+(?:năm|Năm|NĂM)[ \t]+(\d{4})(?!\d)/gu, gate: /háng|HÁNG/, parse: (m) => monthYear(+m[1], +m[2]) },
  // A bare 6/22 is a date ("last filled 6/22", "RTC 11/19") unless it reads as a dose, a ratio or
  // a score: followed by a unit or "of", or a fraction of a tablet.
  {
    // Not glued to a word ("CD4/8 ratio", "G3/4 toxicity").
    re: /(?<![\p{L}\d/.:-]|\bx\s?)(1[0-2]|0?[1-9])\/(3[01]|[12]\d|0?[1-9])(?![\d/%]|\.\d|\s*(?:mg|mcg|g\b|ml|mL|tab|tabs|tablet|caps?|capsule|dose|doses|units?|strength|of\b|times|x\b|positive|negative|pos|neg|systolic|diastolic|mmHg|hpf|lpf|in\b))/gu,
    parse: (m) => (valid(2001, +m[1], +m[2]) && !scoreBefore(m.input, m.index) ? { month: +m[1], day: +m[2], granularity: 'monthday' } : undefined),
  },
  // Day first where the first number cannot be a month ("14/11 23:10", "(~ 15/03)", "Fri 13/09"): a
  // day of 13–31 over a month of 1–11. Not over 12: "18/12" is also eighteen months in British notes.
  {
    re: /(?<![\p{L}\d/.:-]|\bx\s?)(1[3-9]|2\d|3[01])\/(0?[1-9]|1[01])(?![\d/%]|\.\d|\s*(?:mg|mcg|g\b|ml|mL|tab|tabs|tablet|caps?|capsule|dose|doses|units?|strength|of\b|times|x\b|positive|negative|pos|neg|systolic|diastolic|mmHg|hpf|lpf|in\b))/gu,
    parse: (m) => (valid(2001, +m[2], +m[1]) && !scoreBefore(m.input, m.index) ? { month: +m[2], day: +m[1], granularity: 'monthday' } : undefined),
  },
  // A weekday before a day and month settles that they are a date, in either order and with a
  // slash or a dot ("Wed 26/07", "Thu 18/08", "Mon 16/12", "Fri 19.07").
  {
    re: new RegExp(`\\b${WEEKDAY}\\.?,?\\s+(\\d{1,2})([/.])(\\d{1,2})(?![\\d/]|\\.\\d|\\s*(?:mg|mcg|g\\b|ml|mL|L\\b|kg|units?|mmol|tabs?|%|x\\b))`, 'gi'),
    // With a dot, a month of two digits ("Fri 19.07", not "Fri 12.5").
    parse: (m) => (m[2] === '.' && m[3].length !== 2 ? undefined : dayMonthEitherWay(+m[1], +m[3], m[2])),
    gate: /\d[/.]\d/,
  },
  // A day and month with a time of day after them ("12/03 09:00", "14/12 23:10"): a date, either order.
  {
    re: /(?<![\p{L}\d/.:-])(\d{1,2})\/(\d{1,2})(?=[ \t]+(?:[01]?\d|2[0-3]):[0-5]\d(?![\d:]))/gu,
    parse: (m) => dayMonthEitherWay(+m[1], +m[2], '/'),
  },
  // Day-first with dots after a word that introduces a date ("shipped 26.08", "on 19.07."): both
  // numbers of two digits, so a decimal ("on 2.5 L") is not taken.
  {
    re: /\b(?:on|since|from|until|till|dated|seen|admitted|discharged|last|next|due|shipped|sent|posted|received|collected|drawn|taken|started|stopped)\s+(\d{2})\.(\d{2})(?!\d|\.\d|\s*(?:mg|mcg|g\b|ml|mL|L\b|kg|units?|mmol|%|x\b))/gi,
    parse: (m) => (valid(2001, +m[2], +m[1]) ? { month: +m[2], day: +m[1], granularity: 'monthday' } : undefined),
    lead: (m) => m[0].length - `${m[1]}.${m[2]}`.length,
    gate: /\s\d{2}\.\d{2}(?!\d)/,
  },
  // Month names of the languages notes arrive in besides English, after a day ("le 3 mars", "3 de
  // marzo de 2024", "12. März 2023", "5 maio", "14 januari"), with the article before the day.
  {
    re: new RegExp(`\\b(\\d{1,2})(?:\\.|º|er|o)?\\s+(?:de\\s+)?(${FOREIGN_MONTH})(?![\\p{L}])(?:\\s+(?:de\\s+)?((?:19|20)\\d{2})(?!\\d))?`, 'giu'),
    parse: (m) => {
      const month = foreignMonthIndex(m[2]);
      if (m[3] !== undefined) return ymd(+m[3], month, +m[1]);
      return valid(2000, month, +m[1]) ? { month, day: +m[1], granularity: 'monthday' } : undefined;
    },
  },
  // Nineteenth round: year first, as Hungarian and Basque write it ("2021. április 13.", "2024. október 3.",
  // "2023ko martxoaren 24a").
  {
    re: new RegExp(`(?<![\\p{L}\\p{N}])((?:19|20)\\d{2})(?:\\.|e?ko)?[ \\t]+(${FOREIGN_MONTH})[ \\t]+(\\d{1,2})(?:\\.|a)?(?![\\p{L}\\p{N}])`, 'giu'),
    gate: new RegExp(`(?:19|20)\\d{2}(?:\\.|e?ko)?[ \\t]+(?:${FOREIGN_MONTH})[ \\t]+\\d`, 'iu'),
    parse: (m) => ymd(+m[1], foreignMonthIndex(m[2]), +m[3]),
  },
  // A month of those languages and a year, without a day ("desde março de 2025", "im März 2023").
  {
    re: new RegExp(`(?<![\\p{L}]|\\d(?:\\.|º|er|o)?[ \\t]{1,3}(?:de[ \\t]{1,3})?)(${FOREIGN_MONTH})[ \\t]{1,3}(?:de[ \\t]{1,3}|del[ \\t]{1,3})?((?:19|20)\\d{2})(?!\\d)`, 'giu'),
    // The same without the look-behind tried at every position: most notes hold no such month.
    gate: new RegExp(`(?:${FOREIGN_MONTH})[ \\t]{1,3}(?:de[ \\t]{1,3}|del[ \\t]{1,3})?(?:19|20)\\d{2}`, 'iu'),
    parse: (m) => monthYear(foreignMonthIndex(m[1]), +m[2]),
  },
  // A bare 3/4 is a dose as often as a date, and 3-14 a range: only after a word that introduces
  // a date, and a dashed one not before a unit or a plural noun ("from 3-4 days").
  {
    re: /\b(?:on|since|from|until|till|dated|DOB:?|seen|admitted|discharged|last|next|due|returns?|visit|anesthetic|surgery|filled|refilled|dispensed|drawn|collected|DOS|onset|scheduled|appt)\s+(\d{1,2})(?:\/|-(?=\d+(?![\d/-]|\.\d)(?!\s*(?:[a-z]+s\b|mg|mcg|ml|g\b|kg|x\b|times|per|h\b|hrs?|min|%|wk|mo|yr|d\b))))(\d{1,2})(?![\d/])/gi,
    parse: (m) => (valid(2001, +m[1], +m[2]) ? { month: +m[1], day: +m[2], granularity: 'monthday' } : undefined),
    lead: (m) => m[0].length - `${m[1]}/${m[2]}`.length,
  },
];

function year(s: string): number {
  if (s.length === 4) return +s;
  const yy = +s;
  const nowYy = new Date().getUTCFullYear() % 100;
  return yy <= nowYy + 1 ? 2000 + yy : 1900 + yy;
}

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

function valid(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1800 || y > 2100) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1;
}

function ymd(y: number, m: number, d: number): ParsedDate | undefined {
  return valid(y, m, d) ? { year: y, month: m, day: d, granularity: 'day' } : undefined;
}

function monthDay(monthName: string, d: number, y?: string): ParsedDate | undefined {
  const m = monthIndex(monthName);
  if (y !== undefined) return ymd(year(y), m, d);
  return valid(2000, m, d) ? { month: m, day: d, granularity: 'monthday' } : undefined;
}

function monthYear(m: number, y: number): ParsedDate | undefined {
  return valid(y, m, 1) ? { year: y, month: m, granularity: 'month' } : undefined;
}

// The end of a range after a date: "5/3-5/6", "Oct 4-6", "March 3rd-4th", "6/1 to 6/9".
const RANGE_END = /^\s*(?:-|–|to|through|thru)\s*(?:(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?|(\d{1,2})(?:st|nd|rd|th)?)(?![\d/:]|\.\d|\s*(?:mg|mcg|ml|g\b|kg|x\b|times|days?|weeks?|wks?|months?|hours?|hrs?|min|%|tabs?|units?|cm|mm))/;

function rangeEnd(text: string, end: number, first: ParsedDate): DateMatch | undefined {
  if (first.granularity === 'month' || first.day === undefined) return undefined;
  const m = RANGE_END.exec(text.slice(end, end + 24));
  if (!m) return undefined;
  const y = first.year ?? 2001;
  const parsed = m[1]
    ? m[3]
      ? ymd(year(m[3]), +m[1], +m[2])
      : valid(y, +m[1], +m[2]) ? { year: first.year, month: +m[1], day: +m[2], granularity: first.granularity } : undefined
    : +m[4] > first.day && valid(y, first.month, +m[4]) ? { year: first.year, month: first.month, day: +m[4], granularity: first.granularity } : undefined;
  if (!parsed) return undefined;
  return { start: end + m[0].search(/\d/), end: end + m[0].length, parsed };
}

// A day of the month alone ("on the 14th", "return the seventeenth."): a date only where nothing
// follows that it could count ("the 4th floor", "the 3rd dose", "the 95th percentile").
const DAY_ONLY = new RegExp(
  `\\b(?:on|by|until|till|since|before|after|from|through|of|[Rr]eturn|[Dd]ue|[Ff]/u)?\\s*(?:(?:Mon|Tues?|Wed(?:nes)?|Weds|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\\.?,?\\s+(?=the\\s))?(?:the|(?:Mon|Tues?|Wed(?:nes)?|Weds|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\\.?,?)\\s+(?:(3[01]|[12]\\d|0?[1-9])(?:st|nd|rd|th)|${ORD_WORD}|thirty-first)(?=\\s*(?:[.,;:!?)—–]|$|\\s(?:at|for|and|to|in|when|if|with|@|\\d{1,2}(?::\\d\\d)?\\s*(?:am|pm|a\\.m|p\\.m)|am|pm|morning|afternoon|evening|AM|PM)\\b))`,
  'gi',
);

// Days named by their holiday: a month and day all the same ("fell on Christmas Eve"), with its
// year if one follows ("Christmas Day 2023"); a month with a qualifier ("early Aug", "mid-June")
// and an ISO week ("2024-W14"), which name less than a day but more than a year.
const HOLIDAY =
  /\b(?:(?:(?:early|mid|late)[\s-]+)?(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)[\s-]+(?:of[\s-]+)?(?:(?:19|20)\d{2}|['’]\d{2})(?!\d)|(?:early|mid|late)[\s-]+(?:[Jj]an(?:uary)?|[Ff]eb(?:ruary)?|[Mm]ar(?:ch)?|[Aa]pr(?:il)?|May|[Jj]une?|[Jj]uly?|[Aa]ug(?:ust)?|[Ss]ept?(?:ember)?|[Oo]ct(?:ober)?|[Nn]ov(?:ember)?|[Dd]ec(?:ember)?)\b|\d{4}-?W(?:[0-4]\d|5[0-3])(?:-?[1-7])?\b|(?:Christmas(?:\s+(?:Eve|Day)|(?<=\b(?:[Oo]ver|[Aa]t|[Ss]ince|[Aa]fter|[Bb]efore|[Bb]y|[Uu]ntil|[Dd]uring|[Oo]n)\s+Christmas)|(?!\s+(?:[Dd]isease|DISEASE|[Ff]actor|FACTOR)\b))|Xmas|New\s+Year['’]?s(?:\s+(?:Eve|Day))?|Thanksgiving(?:\s+Day)?|Easter(?:\s+(?:Sunday|Monday))?|Good\s+Friday|Hallowe['’]?en|Independence\s+Day|(?:the\s+)?Fourth\s+of\s+July|July\s+4th|Memorial\s+Day|Labou?r\s+Day|Veterans['’]?\s+Day|Valentine['’]s(?:\s+Day)?|Mother['’]s\s+Day|Father['’]s\s+Day|Boxing\s+Day|St\.?\s+Patrick['’]s\s+Day)\b(?:,?\s+(?:(?:19|20)\d{2}|['’]\d{2})\b)?)/g;

// A birth year is a date element that tells an age: kept as a year under Safe Harbor only when
// the age it tells is under 90 ("born in the spring of 1931", "b. 1929", "YOB 1933").
const BIRTH_YEAR = /\b(?:born|b\.|DOB|D\.O\.B\.?|date\s+of\s+birth|year\s+of\s+birth|YOB|birth\s*year)(?![a-z])[^\n.;]{0,40}?\b((?:18|19|20)\d\d)\b/gi;
// The same year written in words ("born nineteen twenty-nine", "b. in nineteen thirty").
const UNITS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const DECADES = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const BIRTH_YEAR_WORDS = new RegExp(
  `\\b(?:born|b\\.|DOB|date\\s+of\\s+birth|year\\s+of\\s+birth|YOB|birth\\s*year)(?![a-z])[^\\n.;\\d]{0,40}?\\b(eighteen|nineteen)[- ]((?:${DECADES.join('|')})(?:[- ](?:${UNITS.join('|')}))?|${TEENS.join('|')}|(?:oh|o|aught)[- ](?:${UNITS.join('|')})|hundred)(?![\\p{L}-])`,
  'giu',
);

const BIRTH_CENTURY_WORD = /eighteen|nineteen/iu;

/** "nineteen twenty-nine" → 1929. */
function yearFromWords(century: string, rest: string): number {
  const base = century.toLowerCase() === 'eighteen' ? 1800 : 1900;
  const [a, b] = rest.toLowerCase().split(/[- ]/);
  if (a === 'hundred') return base;
  if (TEENS.includes(a)) return base + 10 + TEENS.indexOf(a);
  if (DECADES.includes(a)) return base + 20 + 10 * DECADES.indexOf(a) + (b ? UNITS.indexOf(b) + 1 : 0);
  return base + UNITS.indexOf(b) + 1;
}

/** Birth years that tell an age over 89 in `nowYear`: the year itself is the identifier. */
export function findTellingBirthYears(text: string, nowYear = new Date().getUTCFullYear()): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  BIRTH_YEAR.lastIndex = 0;
  for (let m = BIRTH_YEAR.exec(text); m; m = BIRTH_YEAR.exec(text)) {
    if (nowYear - Number(m[1]) < 90) continue;
    const end = m.index + m[0].length;
    out.push({ start: end - 4, end });
  }
  // (Only in a text with its century's word: a part of the pattern, with its flags.)
  if (!BIRTH_CENTURY_WORD.test(text)) return out;
  BIRTH_YEAR_WORDS.lastIndex = 0;
  for (let m = BIRTH_YEAR_WORDS.exec(text); m; m = BIRTH_YEAR_WORDS.exec(text)) {
    if (nowYear - yearFromWords(m[1], m[2]) < 90) continue;
    const end = m.index + m[0].length;
    out.push({ start: end - m[1].length - 1 - m[2].length, end });
  }
  return out;
}

// A weekday with a day of the month ("Friday the 9th we spoke", "Sat the twelfth"): a date whatever follows.
const WEEKDAY_THE_DAY = new RegExp(`\\b${WEEKDAY}\\.?,?\\s+the\\s+(?:(?:3[01]|[12]\\d|0?[1-9])(?:st|nd|rd|th)|${ORD_WORD}|thirty-first)\\b`, 'gi');
// A year of two digits after an apostrophe, alone ("fitted '26", "in '19 period", "old burn from '58"):
// a year, as in "March '21", unless a closing quote follows it ("the '12 lead' strip").
const APOSTROPHE_YEAR = /(?<![\p{L}\p{N}'’])['’]\d{2}(?![\p{L}\p{N}'’]|[^\n'’]{0,24}['’](?![\p{L}\p{N}]))/gu;

/** Days of the month without a month, and holidays: replaced by a placeholder (nothing to shift). */
export function findDayOnlyDates(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  HOLIDAY.lastIndex = 0;
  for (let m = HOLIDAY.exec(text); m; m = HOLIDAY.exec(text)) out.push({ start: m.index, end: m.index + m[0].length });
  DAY_ONLY.lastIndex = 0;
  for (let m = DAY_ONLY.exec(text); m; m = DAY_ONLY.exec(text)) {
    const start = m.index + m[0].search(/(?:the|mon|tue|wed|thu|fri|sat|sun)/i);
    out.push({ start, end: m.index + m[0].length });
  }
  WEEKDAY_THE_DAY.lastIndex = 0;
  for (let m = WEEKDAY_THE_DAY.exec(text); m; m = WEEKDAY_THE_DAY.exec(text)) out.push({ start: m.index, end: m.index + m[0].length });
  if (text.includes("'") || text.includes('’')) {
    APOSTROPHE_YEAR.lastIndex = 0;
    for (let m = APOSTROPHE_YEAR.exec(text); m; m = APOSTROPHE_YEAR.exec(text)) out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

// Seventh round: what a date carries around it. A qualifier before it ("early March 2019",
// "mid-June"), the first day of a range before a day and month ("3-5 June", "3rd to 5th June"),
// and an ISO time after it ("2024-03-03T10:15", one token with the date).
const QUALIFIER_BEFORE = /\b(?:early|mid|late|beginning\s+of|end\s+of|start\s+of|middle\s+of)[\s-]+$/i;
const RANGE_START_BEFORE = /(?<![\d/.-])(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\s*(?:-|–|to|until|till)\s*$/;
const DAY_MONTH = new RegExp(`^\\d{1,2}(?:st|nd|rd|th)?[\\s.-]*(?:of\\s+)?${MONTH}`);
const ISO_TIME_AFTER = /^T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/;
// The time of day written with a date is an element of that date, as the ISO form's is: "3/14/2025
// 14:22", "6 Feb 2026 14:22:10 -0600", "2/20/50 @ 1904", "May 3 at 0830h", "12/01 at 9:15 PM". A bare
// four-digit time only after "@"/"at" or before "h"/"hrs" (else it may be a year or a number).
const CLOCK_TIME_AFTER =
  /^(?:,?[ \t]+(?:at[ \t]+)?(?:(?:approx\.?|approximately|around|about|circa|ca\.|~)[ \t]*(?=(?:[01]?\d|2[0-3]):[0-5]\d|(?:1[0-2]|0?[1-9])[ \t]*[AaPp]\.?[Mm]))?|[ \t]*@[ \t]*)(?:(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:[ \t]*[AaPp]\.?[Mm]\.?)?|(?:1[0-2]|0?[1-9])[ \t]*[AaPp]\.?[Mm]\.?(?![\p{L}])|(?:[01]\d|2[0-3])[0-5]\d(?:[ \t]*(?:h|hrs|hours)\b)?)(?:[ \t]*(?:[+-](?:0\d|1[0-4]):?[0-5]\d|Z|UTC|GMT|[ECMP][SD]T)(?![\p{L}]))?(?!\d|:\d)/u;
// Which of those need their "@" or "at": a bare "1904" after a date without one is not taken.
// Left: one that could be a year (1800–2059), and one a word follows ("3/4 1530 units given"); "0715 —"
// or "| 2315 |" is a time.
const BARE_FOUR_DIGITS = /^,?[ \t]+(?:(?:1[89]|20)[0-5]\d(?![ \t]*(?:h|hrs|hours)\b)|\d{4}[ \t]*(?!(?:h|hrs|hours)\b)\p{L})/u;
// A time of day written before its date ("01:55 on 17 November", "0930 hrs, 3/4/2025", "9:15 PM on
// the 3rd"): an element of the date too.
const CLOCK_TIME_BEFORE =
  /(?<![\d:.])(?:(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:[ \t]*[AaPp]\.?[Mm]\.?)?|(?:1[0-2]|0?[1-9])[ \t]*[AaPp]\.?[Mm]\.?|(?:[01]\d|2[0-3])[0-5]\d[ \t]*(?:h|hrs|hours))(?:[ \t]+on|,)?[ \t]+$/;

// Nineteenth round: a year written in words after a day and month ("April ninth, two thousand nineteen",
// "January first, two thousand and twenty-five", "the 3rd of May, nineteen eighty-four"): part of the date.
const YEAR_TAIL = `(?:${TEENS.join('|')}|(?:${DECADES.join('|')})(?:[ -](?:${UNITS.join('|')}))?|${UNITS.join('|')})`;
const YEAR_IN_WORDS_AFTER = new RegExp(
  // Review mend: a year has its tail ("two thousand" or "eighteen hundred" alone is a quantity: "two thousand mL per
  // day"), and no unit or count noun follows it; "twenty twenty-one" is a year too.
  `^,?[ \\t]+(?:two[ -]thousand(?:[ -]and)?[ -]${YEAR_TAIL}|(?:nineteen|eighteen)[ -](?:(?:${DECADES.join('|')})(?:[ -](?:${UNITS.join('|')}))?|${TEENS.join('|')}|oh[ -](?:${UNITS.join('|')}))|twenty[ -](?:${TEENS.join('|')}|(?:twenty|thirty)(?:[ -](?:${UNITS.join('|')}))?))(?![\\p{L}-])(?![ \\t]+(?:calories|kcal|mL|ml|millilitres|milliliters|units|mg|steps|metres|meters|feet|times|patients|people|dollars|pounds|euros)\\b)`,
  'iu',
);

function widenDate(text: string, d: DateMatch): void {
  const q = QUALIFIER_BEFORE.exec(text.slice(Math.max(0, d.start - 16), d.start));
  if (q) d.start -= q[0].length;
  const before = CLOCK_TIME_BEFORE.exec(text.slice(Math.max(0, d.start - 20), d.start));
  if (before) d.start -= before[0].length;
  if (DAY_MONTH.test(text.slice(d.start, d.end))) {
    const r = RANGE_START_BEFORE.exec(text.slice(Math.max(0, d.start - 12), d.start));
    if (r) d.start -= r[0].length;
  }
  const inWords = /[\p{L}]$/u.test(text.slice(d.start, d.end)) ? YEAR_IN_WORDS_AFTER.exec(text.slice(d.end, d.end + 48)) : null;
  if (inWords) d.end += inWords[0].length;
  const t = ISO_TIME_AFTER.exec(text.slice(d.end, d.end + 24));
  if (t && /\d$/.test(text.slice(d.start, d.end))) d.end += t[0].length;
  else {
    const after = text.slice(d.end, d.end + 32);
    const clock = CLOCK_TIME_AFTER.exec(after);
    if (clock && !BARE_FOUR_DIGITS.test(after)) d.end += clock[0].length;
  }
}

/** Every date in the text, earliest first, overlapping matches resolved to the longest. */
const ACUITY_BEFORE = /(?:(?:\b(?:acuity|acuities|VA|BCVA|UCVA|vision|Snellen|LogMAR)|\bV\/A)\b[:\s]*(?:(?:OD|OS|OU|RE|LE|R|L|right|left|both(?:\s+eyes)?|corrected|uncorrected|cc|sc|was|is|of)[:\s]+){0,2}|\b(?:OD|OS|OU)[:\s]+)$/i;

export function findDates(text: string): DateMatch[] {
  const found: DateMatch[] = [];
  for (const p of PATTERNS) {
    if (p.gate && !p.gate.test(text)) continue;
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
      const parsed = p.parse(m);
      if (!parsed) continue;
      const start = m.index + (p.lead ? p.lead(m) : 0);
      // Visual acuity is no date ("visual acuity 6/6", "VA 20/40 OD", "Snellen 6/9").
      if (ACUITY_BEFORE.test(text.slice(Math.max(0, start - 28), start))) continue;
      // A half house number is no date ("310 1/2 Tamarind Ct", "712 1/2 N. Dakota Ave").
      if (text.startsWith('1/2', start) && m.index + m[0].length === start + 3 && /\d[ \t]$/.test(text.slice(Math.max(0, start - 2), start))) continue;
      found.push({ start, end: m.index + m[0].length, parsed });
      const range = rangeEnd(text, m.index + m[0].length, parsed);
      if (range) found.push(range);
    }
  }
  // A weekday just before a date belongs to it ("Friday, March 21"), and so does the article of
  // "the 22nd of May".
  for (const d of found) {
    const the = /\bthe\s+$/i.exec(text.slice(Math.max(0, d.start - 4), d.start));
    if (the && /^\d/.test(text.slice(d.start, d.start + 1))) d.start -= the[0].length;
    // The article of a day in another language's date ("le 3 mars", "el 3 de marzo", "am 12. März").
    else if (/^\d/.test(text.slice(d.start, d.start + 1)) && FOREIGN_MONTH_IN.test(text.slice(d.start, d.end))) {
      const article = /(?<![\p{L}])(?:le|el|il|am|den)\s+$/iu.exec(text.slice(Math.max(0, d.start - 5), d.start));
      if (article) d.start -= article[0].length;
    }
    // Abbreviated too ("Wed 3/4", "Thurs. 11/14", "Sat 10/5").
    const w = /\b(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:Mon|Tue|Tues|Wed|Weds|Thu|Thur|Thurs|Fri|Sat|Sun)\.?),?\s+(?:the\s+)?$/i.exec(text.slice(Math.max(0, d.start - 16), d.start));
    if (w) d.start -= w[0].length;
    widenDate(text, d);
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: DateMatch[] = [];
  for (const d of found) {
    const last = kept[kept.length - 1];
    if (last && d.start < last.end) continue;
    kept.push(d);
  }
  return kept;
}

/** Parses one whole string as a date (used for record fields such as date_of_birth). */
export function parseDate(value: string): ParsedDate | undefined {
  const trimmed = value.trim();
  const m = findDates(trimmed)[0];
  return m && m.start === 0 ? m.parsed : undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The shifted date in the form shown to the model, keeping the original's precision. */
export function shiftDate(parsed: ParsedDate, days: number): string {
  // A year-less date is shifted in a non-leap reference year so 29 Feb never appears from nowhere.
  const base = Date.UTC(parsed.year ?? 2001, parsed.month - 1, parsed.day ?? 1);
  const d = new Date(base + days * 86_400_000);
  if (parsed.granularity === 'month') {
    // Shift the middle of the month so a month-only date moves by about the same amount.
    const mid = new Date(Date.UTC(parsed.year!, parsed.month - 1, 15) + days * 86_400_000);
    return `${mid.getUTCFullYear()}-${pad(mid.getUTCMonth() + 1)}`;
  }
  if (parsed.granularity === 'monthday') return `${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCDate()}`;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Shifts an ISO date or date-time string, keeping any time part and zone as they were. */
export function shiftIsoString(value: string, days: number): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(.*)$/s.exec(value);
  if (!m || !valid(+m[1], +m[2], +m[3])) return undefined;
  return shiftDate({ year: +m[1], month: +m[2], day: +m[3], granularity: 'day' }, days) + m[4];
}

/** Whole years between a birth date and now; undefined when the year is unknown. */
export function ageInYears(birth: ParsedDate, now = new Date()): number | undefined {
  if (birth.year === undefined) return undefined;
  let age = now.getUTCFullYear() - birth.year;
  const beforeBirthday =
    now.getUTCMonth() + 1 < birth.month ||
    (now.getUTCMonth() + 1 === birth.month && now.getUTCDate() < (birth.day ?? 1));
  if (beforeBirthday) age -= 1;
  return age;
}

/**
 * The keyed offset: HMAC-SHA256(key, "date-shift|" + subject), mapped like chooseShiftDays. The
 * same key and subject give the same shift in every request and every process.
 */
export function keyedShiftDays(key: string | Buffer, subject: string): number {
  const n = createHmac('sha256', key).update(`date-shift|${subject}`).digest().readUInt32BE(0) % 700;
  return n < 350 ? -(n + 16) : n - 350 + 16;
}

/**
 * The per-patient offset: fixed when given, else an HMAC of the patient's identity under the
 * caller's secret salt (stable across jobs, not guessable), else random. Never zero.
 */
export function chooseShiftDays(fixed: number | undefined, salt: string | undefined, identity: string): number {
  if (fixed !== undefined) return Math.trunc(fixed);
  let n: number;
  if (salt && identity) {
    n = createHmac('sha256', salt).update(identity).digest().readUInt32BE(0) % 700;
  } else {
    n = randomInt(0, 700);
  }
  // 700 values map onto -365..-16 and +16..+365: far enough from zero to hide the real day.
  return n < 350 ? -(n + 16) : n - 350 + 16;
}
