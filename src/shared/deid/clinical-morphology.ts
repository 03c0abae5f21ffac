/**
 * Clinical words known by their shape rather than by a list (issue 15, seventh round): the stems
 * that international non-proprietary names are built from ("-mab", "-tinib", "-sartan", "-azole")
 * and the Greek and Latin endings of conditions and operations ("-itis", "-cele", "-plasty"). A
 * word of this shape that no gazetteer holds as a name or a place is a drug or a condition, never
 * a person: a list of every drug and condition cannot be kept, their shape can.
 */
import { NAME_WORDS, PLACE_WORDS } from './gazetteer-data';

const NAMES_OR_PLACES = new Set([...NAME_WORDS.split(' '), ...PLACE_WORDS.split(' ')]);

// Drug stems (WHO INN stem book and the common brand-free forms), longest first where one ends another.
const DRUG_STEM = new RegExp(
  '(?:' +
    [
      'mab', 'tinib', 'rafenib', 'nib', 'ciclib', 'parib', 'lisib', 'zomib', 'pril', 'olol', 'alol', 'ilol', 'sartan', 'statin',
      'azole', 'cillin', 'mycin', 'micin', 'floxacin', 'cycline', 'parin', 'xaban', 'gatran', 'gliflozin', 'gliptin', 'glutide',
      'glinide', 'triptan', 'setron', 'prazole', 'tidine', 'lukast', 'terol', 'sonide', 'thasone', 'tasone', 'casone', 'isolone', 'inolone', 'rolone', 'holone', 'azepam', 'azolam',
      'azepine', 'dipine', 'apine', 'peridone', 'asidone', 'codone', 'hadone', 'peridol', 'oxetine', 'faxine', 'pramine', 'tyline', 'ocaine', 'acaine', 'curium', 'uronium',
      'kinra', 'cept', 'plase', 'kinase', 'uricase', 'aginase', 'idase', 'ornase', 'genase', 'atase', 'ylase', 'ipase', 'merase', 'ctase', 'ferase', 'sterase', 'semide', 'thiazide', 'pressin', 'tocin', 'relin', 'relix', 'profen', 'coxib', 'fenac',
      'barbital', 'dronate', 'platin', 'rubicin', 'taxel', 'tecan', 'mustine', 'trexate', 'citabine', 'fungin', 'penem',
      'bactam', 'vudine', 'navir', 'previr', 'buvir', 'asvir', 'tegravir', 'ciclovir', 'amivir', 'gepant', 'ditan',
      'lutamide', 'trozole', 'fibrate', 'glitazone', 'tropium', 'roquine', 'maquine', 'floquine', 'vaptan', 'sertib', 'degib',
      // Eighteenth round: phenothiazines and antihistamines ('prochlorperazine', 'hydroxyzine', 'betahistine').
      'perazine', 'promazine', 'yzine', 'histine',
    ].join('|') +
    ')$',
);
// Endings of conditions, findings and operations; the short ones need a longer word ("Paloma").
// Endings checked against names of many traditions, so narrower than the suffix alone: not
// "-aitis" (Lithuanian Petraitis), "-emia" after "ph" (Euphemia), "-odosis" (Theodosis), a bare
// "-vir" (Punjabi Dharamvir), "-done" (Italian Bellidone) or "-ase" (Stanislase); "-uria" only in
// a longer word (Liguria, Asturia are places).
const CONDITION_ENDING =
  /(?:(?<!a)itis|itides|iasis|ectomy|otomy|ostomy|plasty|pexy|rrhaphy|scopy|pathy|algia|aemia|plegia|paresis|penia|megaly|ptosis|rrhoea|rrhea|rrhagia|ectasis|ectasia|plasia|cytosis|malacia|lithiasis|sclerosis|stenosis|trophy|philia|spasm|ocele|ecele|acele|omata|blastoma|sarcoma|carcinoma|spermia)$/;
const LONG_CONDITION_ENDING = /(?:(?<!od)osis|(?<!ph)emia|oma|uria|lysis|tide)$/;

/** True for a word shaped like a drug name or a clinical condition, not known as a name or place. */
export function hasClinicalShape(word: string): boolean {
  return memo(SHAPE_MEMO, word, clinicalShape);
}
const SHAPE_MEMO = new Map<string, boolean>();

// Word tests run thousands of times per note on the same few hundred words: remembered, with a
// bound so a long-running process holds at most a few thousand entries.
export function memo(cache: Map<string, boolean>, key: string, compute: (k: string) => boolean): boolean {
  let v = cache.get(key);
  if (v === undefined) {
    if (cache.size >= 5000) cache.clear();
    v = compute(key);
    cache.set(key, v);
  }
  return v;
}

/** "Smith's" → "Smith": the possessive ending, without a regex per word. */
export function withoutPossessive(word: string): string {
  return word.endsWith("'s") || word.endsWith('’s') ? word.slice(0, -2) : word;
}

/** True for a lower-case word shaped like a drug's name by its INN stem ("midazolam", "betahistine"). */
export function hasDrugShape(word: string): boolean {
  return memo(DRUG_SHAPE_MEMO, word, (w) => w.length >= 6 && /^[a-z]+$/.test(w) && DRUG_STEM.test(w) && !NAMES_OR_PLACES.has(w));
}
const DRUG_SHAPE_MEMO = new Map<string, boolean>();

function clinicalShape(word: string): boolean {
  const w = word.toLowerCase();
  if (w.length < 6 || !/^[a-z]+$/.test(w) || NAMES_OR_PLACES.has(w)) return false;
  return DRUG_STEM.test(w) || CONDITION_ENDING.test(w) || (w.length >= 8 && LONG_CONDITION_ENDING.test(w));
}

// A Greek or Latin adjective between an eponym and its head noun ("Fuchs endothelial dystrophy",
// "Hutchinson melanotic freckle"): lower case, with a learned ending.
const LEARNED_ADJECTIVE = /^[a-z]{5,}(?:al|ial|eal|ic|ar|ary|ous|oid|ive)$/;

/** A lower-case learned adjective ("endothelial", "hepatic", "vesicular"). */
export function isLearnedAdjective(word: string): boolean {
  return LEARNED_ADJECTIVE.test(word);
}
