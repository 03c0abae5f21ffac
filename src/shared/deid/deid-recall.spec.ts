/**
 * Measures the detectors on the labelled synthetic notes WITHOUT the known-identifier list
 * (the hard case: nothing from the record helps). An identifier is caught when every one of
 * its alphanumeric tokens lies inside a replaced span, i.e. none of its tokens survives in the
 * output. Precision counts replaced tokens that were not labelled (medical words, plain prose).
 * The figures are printed and written up in RECALL.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IdentifierKind } from './deid.types';
import { detectSpans } from './text-deidentifier';

interface Labelled {
  kind: IdentifierKind;
  text: string;
  start: number;
  end: number;
}
interface Note {
  id: string;
  style: string;
  text: string;
  identifiers: Labelled[];
}

const allNotes: Note[] = JSON.parse(
  readFileSync(join(__dirname, '../../../test/fixtures/deid/notes.json'), 'utf8'),
).notes;
// The detectors were tuned while looking at the development notes; the held-out notes were
// written afterwards and never tuned on, so their figure is the honest one.
const devNotes = allNotes.filter((n) => n.style !== 'holdout');
const holdoutNotes = allNotes.filter((n) => n.style === 'holdout');

const FORMAT_KINDS: IdentifierKind[] = [
  'PHONE', 'FAX', 'EMAIL', 'SSN', 'MRN', 'ACCOUNT', 'HEALTH_PLAN', 'LICENSE', 'URL', 'IP', 'ZIP', 'DATE', 'AGE', 'VEHICLE', 'DEVICE',
];
// Medical words in the notes that must not be taken for names or places.
const MEDICAL_WORDS = [
  'Parkinson', 'Hodgkin', 'Crohn', 'Cushing', 'Graves', 'Hashimoto', 'Sjögren', 'Raynaud', 'Alzheimer',
  'Wilson', 'Brugada', 'Guillain-Barré', 'McBurney', 'Epworth', 'warfarin', 'metformin', 'Metformin',
  'Nitrofurantoin', 'Apixaban', 'Carbidopa-levodopa', 'Vancomycin', 'Prednisone', 'Aspirin', 'Insulin',
  'Paget', 'Lyme', 'Clostridioides', 'MSSA', 'BRCA2', 'NIHSS', 'PHQ-9', 'R-CHOP', 'DLBCL', 'ABVD', 'TI-RADS', 'IVIG', 'PCI', 'LAD',
];

// PHI-free clinical prose, dense in capitalised terms: everything replaced here is a false positive.
const PHI_FREE_PROSE = [
  "Assessment: Parkinson's disease with motor fluctuations; increase Sinemet and add Rasagiline. Hoehn and Yahr stage 3.",
  'Hodgkin lymphoma in remission after ABVD. Non-Hodgkin lymphoma excluded on biopsy. Reed-Sternberg cells absent.',
  "Crohn's disease flare: start Prednisone 40 mg, then Humira. Check Quantiferon Gold before biologics.",
  'Cushing syndrome suspected; Dexamethasone suppression test ordered. Addison disease unlikely.',
  'Graves disease on Methimazole; Hashimoto thyroiditis in the family. TSH Receptor Antibody pending.',
  'Guillain-Barré syndrome: IVIG day 3. Forced Vital Capacity stable. Babinski sign negative, Romberg negative.',
  'Atrial fibrillation, CHA2DS2-VASc 4; continue Eliquis 5 mg BID. Holter Monitor shows no pauses.',
  'Type 2 Diabetes Mellitus: Metformin, Jardiance, Ozempic. HbA1c 7.4%. Diabetic Retinopathy screening due.',
  'Community Acquired Pneumonia: Ceftriaxone and Azithromycin. CURB-65 score 2. Blood Cultures negative.',
  'Plan: Physical Therapy, Occupational Therapy, Speech Language Pathology. Glasgow Coma Scale 15.',
  'Heart Failure with reduced Ejection Fraction: Entresto, Carvedilol, Spironolactone, Farxiga. NYHA class III.',
  'Chronic Kidney Disease stage 4. Nephrology follows. Avoid NSAIDs; Renal Ultrasound unremarkable.',
];

// Written after the clinical word list above was tuned on PHI_FREE_PROSE; never tuned on.
const PHI_FREE_PROSE_HELD_OUT = [
  'Obstructive Sleep Apnea on CPAP; Epworth Sleepiness Scale 14. Bariatric Surgery referral declined.',
  'Rheumatoid Arthritis flare: Methotrexate weekly, Folic Acid daily. Sjögren overlap possible; Schirmer test low.',
  'Peripheral Arterial Disease: ankle-brachial index 0.6. Cilostazol started. Vascular Surgery to review.',
  'Major Depressive Disorder, recurrent. Sertraline increased; Cognitive Behavioural Therapy weekly. Columbia Suicide Severity Rating negative.',
  'Systemic Lupus Erythematosus with Lupus Nephritis class IV. Mycophenolate and Hydroxychloroquine. Anti-dsDNA rising.',
  'Gastroesophageal Reflux: Pantoprazole. Barrett esophagus on Endoscopy; Helicobacter Pylori negative. Whipple procedure not indicated.',
  'Benign Prostatic Hyperplasia: Tamsulosin and Finasteride. Post Void Residual 180 mL. Urology follow-up.',
  'Multiple Sclerosis, relapsing-remitting, on Ocrelizumab. Expanded Disability Status Scale 3.5. Lhermitte sign positive.',
];

function tokens(start: number, end: number, text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = /[\p{L}\p{N}]+/gu;
  const slice = text.slice(start, end);
  for (let m = re.exec(slice); m; m = re.exec(slice)) out.push([start + m.index, start + m.index + m[0].length]);
  return out;
}

function measure(notes: Note[]) {
  const perKind = new Map<IdentifierKind, { total: number; caught: number }>();
  const missed: string[] = [];
  let replacedTokens = 0;
  let replacedLabelledTokens = 0;
  const falsePositives: string[] = [];
  const medicalReplaced = new Set<string>();
  let medicalSeen = 0;
  let ms = 0;
  for (const note of notes) {
    const t0 = performance.now();
    const spans = detectSpans(note.text, [], { detectNames: true });
    ms += performance.now() - t0;
    const covered = (a: number, b: number) => spans.some((s) => s.start <= a && s.end >= b);
    for (const id of note.identifiers) {
      const stat = perKind.get(id.kind) ?? { total: 0, caught: 0 };
      stat.total += 1;
      if (tokens(id.start, id.end, note.text).every(([a, b]) => covered(a, b))) stat.caught += 1;
      else missed.push(`${note.id} ${id.kind}: ${id.text}`);
      perKind.set(id.kind, stat);
    }
    for (const s of spans) {
      for (const [a, b] of tokens(s.start, s.end, note.text)) {
        replacedTokens += 1;
        if (note.identifiers.some((id) => id.start <= a && id.end >= b)) replacedLabelledTokens += 1;
        else falsePositives.push(`${note.id} ${s.kind}: ${note.text.slice(a, b)}`);
      }
    }
    for (const word of MEDICAL_WORDS) {
      const re = new RegExp(`(?<![\\p{L}\\p{N}])${word}(?![\\p{L}\\p{N}])`, 'gu');
      for (let m = re.exec(note.text); m; m = re.exec(note.text)) {
        medicalSeen += 1;
        const [a, b] = [m.index, m.index + word.length];
        if (spans.some((s) => s.start < b && s.end > a)) medicalReplaced.add(`${note.id}: ${word}`);
      }
    }
  }
  const total = [...perKind.values()].reduce((n, s) => n + s.total, 0);
  const caught = [...perKind.values()].reduce((n, s) => n + s.caught, 0);
  return {
    perKind, missed, total, caught, recall: caught / total,
    precision: replacedLabelledTokens / replacedTokens, replacedTokens, falsePositives,
    medicalSeen, medicalReplaced: [...medicalReplaced], msPerNote: ms / notes.length, notes: notes.length,
  };
}

function report(name: string, m: ReturnType<typeof measure>): string {
  const rows = [...m.perKind.entries()]
    .sort((a, b) => b[1].total - a[1].total)
    .map(([k, s]) => `| ${k.padEnd(12)} | ${String(s.total).padStart(5)} | ${String(s.caught).padStart(6)} | ${(s.caught / s.total).toFixed(3)} |`);
  return [
    `== ${name}: notes ${m.notes}, identifiers ${m.total}, mean detection time per note ${m.msPerNote.toFixed(1)} ms`,
    '| kind         | total | caught | recall |',
    ...rows,
    `| OVERALL      | ${String(m.total).padStart(5)} | ${String(m.caught).padStart(6)} | ${m.recall.toFixed(3)} |`,
    `token precision: ${m.precision.toFixed(3)} (${m.replacedTokens} tokens replaced, ${m.falsePositives.length} not labelled)`,
    `medical words replaced: ${m.medicalReplaced.length} of ${m.medicalSeen}`,
    'missed:', ...m.missed, 'false positives:', ...m.falsePositives, 'medical words replaced:', ...m.medicalReplaced,
  ].join('\n');
}

function prosePrecision(prose: string[]) {
  let total = 0;
  const replaced: string[] = [];
  for (const text of prose) {
    const spans = detectSpans(text, [], { detectNames: true });
    for (const [a, b] of tokens(0, text.length, text)) {
      total += 1;
      if (spans.some((s) => s.start <= a && s.end >= b)) replaced.push(text.slice(a, b));
    }
  }
  return { total, replaced };
}

describe('de-identification recall on the labelled synthetic notes (no known identifiers)', () => {
  const all = measure(allNotes);
  const prose = prosePrecision(PHI_FREE_PROSE);
  const proseHeldOut = prosePrecision(PHI_FREE_PROSE_HELD_OUT);
  const holdout = measure(holdoutNotes);

  it('prints the recall tables, misses and false positives', () => {
    process.stdout.write(`${report('development', measure(devNotes))}\n${report('held-out', holdout)}\n${report('all', all)}\n`);
    process.stdout.write(`PHI-free prose: ${prose.replaced.length} of ${prose.total} tokens replaced: ${prose.replaced.join(', ')}\n`);
    process.stdout.write(
      `PHI-free prose, held out: ${proseHeldOut.replaced.length} of ${proseHeldOut.total} tokens replaced: ${proseHeldOut.replaced.join(', ')}\n`,
    );
    expect(all.total).toBeGreaterThanOrEqual(300);
  });

  it('every labelled note is well formed (labels point at their text)', () => {
    expect(allNotes.length).toBeGreaterThanOrEqual(50);
    for (const n of allNotes) for (const id of n.identifiers) expect(n.text.slice(id.start, id.end)).toBe(id.text);
  });

  it('reaches the measured overall recall, on all notes and on the held-out notes', () => {
    expect(all.recall).toBeGreaterThanOrEqual(RECALL_THRESHOLD);
    expect(holdout.recall).toBeGreaterThanOrEqual(HOLDOUT_RECALL_THRESHOLD);
  });

  it('catches every format identifier (phones, e-mails, SSNs, MRNs, dates, ...)', () => {
    const formatMisses = all.missed.filter((line) => FORMAT_KINDS.some((k) => line.includes(` ${k}: `)));
    expect(formatMisses.length).toBeLessThanOrEqual(MAX_FORMAT_MISSES);
  });

  it('keeps medical words and most prose', () => {
    expect(all.medicalReplaced.length).toBeLessThanOrEqual(MAX_MEDICAL_WORDS_REPLACED);
    expect(all.precision).toBeGreaterThanOrEqual(PRECISION_THRESHOLD);
    expect(prose.replaced.length / prose.total).toBeLessThanOrEqual(MAX_PROSE_REPLACED_SHARE);
    expect(proseHeldOut.replaced.length / proseHeldOut.total).toBeLessThanOrEqual(MAX_HELD_OUT_PROSE_REPLACED_SHARE);
  });
});

// Set from the measurement in RECALL.md, a little below it so an unrelated tweak does not flap.
const RECALL_THRESHOLD = 0.95;
const HOLDOUT_RECALL_THRESHOLD = 0.9;
const MAX_FORMAT_MISSES = 0;
const PRECISION_THRESHOLD = 0.8;
const MAX_MEDICAL_WORDS_REPLACED = 2;
const MAX_PROSE_REPLACED_SHARE = 0.1;
// Measured 24/113 (0.21): Title Case medical phrases the lexicon does not know ("Systemic Lupus
// Erythematosus") read as capitalised name runs. A known weakness, see RECALL.md; not tuned away
// so that this figure stays honest.
const MAX_HELD_OUT_PROSE_REPLACED_SHARE = 0.25;
