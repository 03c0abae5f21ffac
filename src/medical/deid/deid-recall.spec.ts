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

describe('de-identification recall on the labelled synthetic notes (no known identifiers)', () => {
  const all = measure(allNotes);
  const holdout = measure(holdoutNotes);

  it('prints the recall tables, misses and false positives', () => {
    process.stdout.write(`${report('development', measure(devNotes))}\n${report('held-out', holdout)}\n${report('all', all)}\n`);
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
  });
});

// Set from the measurement in RECALL.md, a little below it so an unrelated tweak does not flap.
const RECALL_THRESHOLD = 0.95;
const HOLDOUT_RECALL_THRESHOLD = 0.9;
const MAX_FORMAT_MISSES = 0;
const PRECISION_THRESHOLD = 0.8;
const MAX_MEDICAL_WORDS_REPLACED = 2;
