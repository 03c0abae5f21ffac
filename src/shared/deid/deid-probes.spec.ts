/**
 * Retention probe: every eponym and place-named clinical term of test/fixtures/deid/probes
 * (748 terms written from general knowledge, apart from every evaluation part) in six sentence
 * frames, detectors only. The list was written to find classes the rules lost ("N of X" anatomy,
 * missing head nouns), so its figure is a development figure (RECALL.md, eighth round); the floor
 * catches a rule that starts replacing eponyms again. Also: a brand from drug-names.ts, unknown to
 * every other list, keeps its name out of a dosing context.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deidentifyFreeText } from './deidentify';

const terms = readFileSync(join(__dirname, '../../../test/fixtures/deid/probes/eponyms.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'));
const FRAMES = [
  (t: string) => `Assessment: ${t}, stable on current plan.`,
  (t: string) => `Pt is a 54 yo with hx of ${t} who presents for follow-up.`,
  (t: string) => `Exam notable for ${t}; otherwise unremarkable.`,
  (t: string) => `Discussed ${t} with the patient and family at length today.`,
  (t: string) => `IMPRESSION:\n1. ${t}\n2. Hypertension`,
  (t: string) => `Referred to clinic for evaluation of possible ${t}.`,
];
const kept = (text: string, term: string) => deidentifyFreeText(text, { dateShiftDays: 10 }).text.includes(term);

describe('de-identification retention probe (eponyms and drug brands)', () => {
  it('keeps at least 98% of 748 eponyms across six sentence frames', () => {
    const lost: string[] = [];
    for (const term of terms) for (const frame of FRAMES) if (!kept(frame(term), term)) lost.push(term);
    const retention = 1 - lost.length / (terms.length * FRAMES.length);
    process.stdout.write(`eponym probe: ${terms.length} terms x ${FRAMES.length} frames, retention ${retention.toFixed(3)}; lost: ${[...new Set(lost)].join(', ')}\n`);
    expect(terms.length).toBeGreaterThanOrEqual(700);
    expect(retention).toBeGreaterThanOrEqual(0.98);
  });

  it('keeps a drug brand out of a dosing context', () => {
    for (const brand of ['Valcyte', 'Entresto', 'Trikafta', 'Ocrevus', 'Biktarvy']) {
      expect(kept(`She is on ${brand} and tolerating it well.`, brand)).toBe(true);
      expect(kept(`Insurance denied ${brand}, prior auth submitted.`, brand)).toBe(true);
    }
  });
});
