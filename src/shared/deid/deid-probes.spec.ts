/**
 * Probes (test/fixtures/deid/probes, lists written from general knowledge apart from every
 * evaluation part), each item in six sentence frames, detectors only:
 * - retention: 748 eponyms and place-named clinical terms must survive whole;
 * - recall: 461 organisations and 351 places must lose every distinctive word (the words an
 *   organisation's kind leaves, "Hospital", "County", and a state code, which Safe Harbor allows,
 *   are not counted).
 * The lists were written to find classes the rules lost ("N of X" anatomy, missing head nouns,
 * intercapped companies after a cue, ordinary-word places after a place label), so their figures
 * are development figures (RECALL.md, eighth round); the floors catch a rule that regresses.
 * Also: a brand from drug-names.ts keeps its name out of a dosing context.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deidentifyFreeText } from './deidentify';

const probe = (file: string) =>
  readFileSync(join(__dirname, '../../../test/fixtures/deid/probes', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));
const terms = probe('eponyms.txt');
const FRAMES = [
  (t: string) => `Assessment: ${t}, stable on current plan.`,
  (t: string) => `Pt is a 54 yo with hx of ${t} who presents for follow-up.`,
  (t: string) => `Exam notable for ${t}; otherwise unremarkable.`,
  (t: string) => `Discussed ${t} with the patient and family at length today.`,
  (t: string) => `IMPRESSION:\n1. ${t}\n2. Hypertension`,
  (t: string) => `Referred to clinic for evaluation of possible ${t}.`,
];
const kept = (text: string, term: string) => deidentifyFreeText(text, { dateShiftDays: 10 }).text.includes(term);

const ORG_FRAMES = [
  (t: string) => `Patient works at ${t} as a cashier.`,
  (t: string) => `Records requested from ${t} on admission.`,
  (t: string) => `Insurance: ${t}; prior authorisation pending.`,
  (t: string) => `Discharged to ${t} for rehab.`,
  (t: string) => `Employer: ${t}`,
  (t: string) => `Referred by ${t} for further evaluation.`,
];
const PLACE_FRAMES = [
  (t: string) => `Patient lives in ${t} with her daughter.`,
  (t: string) => `Transferred from ${t} last night.`,
  (t: string) => `Pt moved to ${t} in 2019 and works nearby.`,
  (t: string) => `Born in ${t}; emigrated as a child.`,
  (t: string) => `Address: ${t}`,
  (t: string) => `Travel history: recently returned from ${t}.`,
];
// Words of a kind, joiners and US state codes: not what identifies the organisation or place.
const GENERIC = /^(?:of|the|and|at|de|la|for|on|in|st|co|inc|llc|ltd|pty|center|centre|hospital|clinic|health|medical|pharmacy|school|church|university|county|city|department|[A-Z]{2})$/;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Strict: caught only when no distinctive word of the item survives. */
function caught(text: string, item: string): boolean {
  const out = deidentifyFreeText(text, { dateShiftDays: 10 }).text;
  const words = item.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1 && !GENERIC.test(w) && !GENERIC.test(w.toLowerCase()));
  return !words.some((w) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(w)}(?![\\p{L}\\p{N}])`, 'u').test(out));
}
function recallOf(items: string[], frames: Array<(t: string) => string>, name: string): number {
  const missed: string[] = [];
  for (const item of items) for (const frame of frames) if (!caught(frame(item), item)) missed.push(item);
  const recall = 1 - missed.length / (items.length * frames.length);
  process.stdout.write(`${name} probe: ${items.length} x ${frames.length} frames, recall ${recall.toFixed(3)}; missed: ${[...new Set(missed)].join(', ')}\n`);
  return recall;
}

describe('de-identification retention probe (eponyms and drug brands)', () => {
  it('keeps at least 98% of 748 eponyms across six sentence frames', () => {
    const lost: string[] = [];
    for (const term of terms) for (const frame of FRAMES) if (!kept(frame(term), term)) lost.push(term);
    const retention = 1 - lost.length / (terms.length * FRAMES.length);
    process.stdout.write(`eponym probe: ${terms.length} terms x ${FRAMES.length} frames, retention ${retention.toFixed(3)}; lost: ${[...new Set(lost)].join(', ')}\n`);
    expect(terms.length).toBeGreaterThanOrEqual(700);
    expect(retention).toBeGreaterThanOrEqual(0.98);
  });

  it('replaces at least 95% of 461 organisations and 99.5% of 351 places across six sentence frames each', () => {
    const organisations = probe('organisations.txt');
    const places = probe('places.txt');
    expect(organisations.length).toBeGreaterThanOrEqual(450);
    expect(places.length).toBeGreaterThanOrEqual(350);
    expect(recallOf(organisations, ORG_FRAMES, 'organisation')).toBeGreaterThanOrEqual(0.95);
    expect(recallOf(places, PLACE_FRAMES, 'place')).toBeGreaterThanOrEqual(0.995);
  });

  it('keeps a drug brand out of a dosing context', () => {
    for (const brand of ['Valcyte', 'Entresto', 'Trikafta', 'Ocrevus', 'Biktarvy']) {
      expect(kept(`She is on ${brand} and tolerating it well.`, brand)).toBe(true);
      expect(kept(`Insurance denied ${brand}, prior auth submitted.`, brand)).toBe(true);
    }
  });
});
