/**
 * Measures the de-identifier on the labelled evaluation set (test/fixtures/deid) WITHOUT the
 * known-identifier list (the hard case: nothing from the record helps), beside two peers run on
 * the same notes: openredaction at its broadest setting and compromise with basic patterns.
 * Twenty-three parts: twenty-one SEALED held-out parts (sealed.json, sealed-2.json … sealed-21.json, the first five
 * written before the second, third, fourth, fifth and sixth rounds of changes, the sixth to twenty-first in a
 * worktree of their own by someone who did not read the rules: only their aggregates are
 * printed, never their misses), the development part (heldout.json, the first held-out part, watched while tuning)
 * and the tuning part; misses are printed for the last two only. The fifth to twelfth sealed parts
 * have no floor: their figures were unknown when they were wired in, so they are printed only.
 * The twelfth to twenty-first parts, which the learned tagger was not trained on, are also scored
 * with the rules alone, so its share is printed beside the rest. The eleventh part became a tuning part in the
 * thirteenth round (its misses were read by class; the tagger trains on it since), and the twelfth in
 * the fourteenth, the thirteenth in the fifteenth, the fourteenth in the sixteenth, the fifteenth in the seventeenth, the sixteenth in the eighteenth, the seventeenth in the nineteenth, the eighteenth in the twentieth and the nineteenth in the twenty-first (their misses
 * read by class, the tagger not trained on them), but their misses are not printed here: RECALL.md says how they were read.
 * Scoring is strict and reads only the output text (test/fixtures/deid/deid-scoring.ts). The
 * tables are printed and copied into RECALL.md; the thresholds sit a little under the measured
 * figures so an unrelated change that loses recall fails here.
 */
import { deidentify } from './deidentify';
import { PlaceholderRegistry } from './placeholder-registry';
import { deidentifyText } from './text-deidentifier';
import { compromisePeer, openRedactionPeer } from '../../../test/fixtures/deid/deid-peers';
import { LabelledNote, Score, loadNotes, longNotes, percentile, recall, retention, score } from '../../../test/fixtures/deid/deid-scoring';

const tuning = [...loadNotes('tuning.json'), ...loadNotes('notes.json')];
const dev = loadNotes('heldout.json');
const sealed = loadNotes('sealed.json');
const sealed2 = loadNotes('sealed-2.json');
const sealed3 = loadNotes('sealed-3.json');
const sealed4 = loadNotes('sealed-4.json');
const sealed5 = loadNotes('sealed-5.json');
const sealed6 = loadNotes('sealed-6.json');
const sealed7 = loadNotes('sealed-7.json');
const sealed8 = loadNotes('sealed-8.json');
const sealed9 = loadNotes('sealed-9.json');
const sealed10 = loadNotes('sealed-10.json');
const sealed11 = loadNotes('sealed-11.json');
const sealed12 = loadNotes('sealed-12.json');
const sealed13 = loadNotes('sealed-13.json');
const sealed14 = loadNotes('sealed-14.json');
const sealed15 = loadNotes('sealed-15.json');
const sealed16 = loadNotes('sealed-16.json');
const sealed17 = loadNotes('sealed-17.json');
const sealed18 = loadNotes('sealed-18.json');
const sealed19 = loadNotes('sealed-19.json');
const sealed20 = loadNotes('sealed-20.json');
const sealed21 = loadNotes('sealed-21.json');
const ours = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
// The same detectors without the learned tagger (src/shared/deid/learned/).
const rulesAlone = (text: string) => deidentifyText(text, [], new PlaceholderRegistry(45), { detectNames: true, learned: false });

function table(title: string, rows: Array<[string, Score]>): string {
  const kinds = [...new Set(rows.flatMap(([, s]) => [...s.perKind.keys()]))].sort(
    (a, b) => rows[0][1].perKind.get(b)!.total - rows[0][1].perKind.get(a)!.total,
  );
  const head = `| kind | n | ${rows.map(([name]) => name).join(' | ')} |`;
  const line = `|---|---:|${rows.map(() => '---:').join('|')}|`;
  const body = kinds.map((k) => `| ${k} | ${rows[0][1].perKind.get(k)!.total} | ${rows.map(([, s]) => (s.perKind.get(k)!.caught / s.perKind.get(k)!.total).toFixed(3)).join(' | ')} |`);
  const overall = `| **overall** | ${rows[0][1].total} | ${rows.map(([, s]) => `**${recall(s).toFixed(3)}**`).join(' | ')} |`;
  const kept = `| clinical terms kept | ${rows[0][1].termsTotal} | ${rows.map(([, s]) => retention(s).toFixed(3)).join(' | ')} |`;
  const time = `| ms per note, mean / p95 | | ${rows.map(([, s]) => `${(s.msPerNote.reduce((a, b) => a + b, 0) / s.notes).toFixed(1)} / ${percentile(s.msPerNote, 95).toFixed(1)}`).join(' | ')} |`;
  return [`### ${title} (${rows[0][1].notes} notes)`, head, line, ...body, overall, kept, time].join('\n');
}

describe('de-identification recall on the labelled evaluation set (no known identifiers)', () => {
  let results: Record<'sealed' | 'sealed2' | 'sealed3' | 'sealed4' | 'sealed5' | 'sealed6' | 'sealed7' | 'sealed8' | 'sealed9' | 'sealed10' | 'sealed11' | 'sealed12' | 'sealed13' | 'sealed14' | 'sealed15' | 'sealed16' | 'sealed17' | 'sealed18' | 'sealed19' | 'sealed20' | 'sealed21' | 'dev' | 'tuning', Array<[string, Score]>>;

  beforeAll(async () => {
    const openredaction = openRedactionPeer();
    const compromise = compromisePeer();
    // Peers run on the sealed parts only: they are the figures to compare, and it keeps the suite fast.
    const withPeers = async (notes: LabelledNote[]): Promise<Array<[string, Score]>> => [
      ['ours', await score(notes, ours)],
      ['openredaction', await score(notes, openredaction)],
      ['compromise + patterns', await score(notes, compromise)],
    ];
    const withRulesAlone = async (notes: LabelledNote[]): Promise<Array<[string, Score]>> => {
      const [first, ...peers] = await withPeers(notes);
      return [first, ['rules alone (no tagger)', await score(notes, rulesAlone)], ...peers];
    };
    results = {
      sealed: await withPeers(sealed),
      sealed2: await withPeers(sealed2),
      sealed3: await withPeers(sealed3),
      sealed4: await withPeers(sealed4),
      sealed5: await withPeers(sealed5),
      sealed6: await withPeers(sealed6),
      sealed7: await withPeers(sealed7),
      sealed8: await withPeers(sealed8),
      sealed9: await withPeers(sealed9),
      sealed10: await withPeers(sealed10),
      sealed11: await withPeers(sealed11),
      sealed12: await withRulesAlone(sealed12),
      sealed13: await withRulesAlone(sealed13),
      sealed14: await withRulesAlone(sealed14),
      sealed15: await withRulesAlone(sealed15),
      sealed16: await withRulesAlone(sealed16),
      sealed17: await withRulesAlone(sealed17),
      sealed18: await withRulesAlone(sealed18),
      sealed19: await withRulesAlone(sealed19),
      sealed20: await withRulesAlone(sealed20),
      sealed21: await withRulesAlone(sealed21),
      dev: [['ours', await score(dev, ours)]],
      tuning: [['ours', await score(tuning, ours)]],
    };
  }, 360_000);

  it('prints the tables, the development and tuning misses and the speed on 2,000-character notes', () => {
    const long = longNotes(dev);
    long.forEach(ours);
    const ms: number[] = [];
    const cpu: number[] = [];
    // Three passes: a p95 over ~100 samples, not the second-slowest of 34.
    for (const t of [...long, ...long, ...long]) {
      const [t0, c0] = [performance.now(), process.cpuUsage()];
      ours(t);
      const c = process.cpuUsage(c0);
      ms.push(performance.now() - t0);
      cpu.push((c.user + c.system) / 1000);
    }
    const [[, devOurs]] = results.dev;
    const [tuningOurs] = results.tuning;
    process.stdout.write(
      [
        table('Sealed held-out part', results.sealed),
        table('Second sealed held-out part', results.sealed2),
        table('Third sealed held-out part', results.sealed3),
        table('Fourth sealed held-out part', results.sealed4),
        table('Fifth sealed held-out part', results.sealed5),
        table('Sixth sealed held-out part', results.sealed6),
        table('Seventh sealed held-out part', results.sealed7),
        table('Eighth sealed held-out part', results.sealed8),
        table('Ninth sealed held-out part', results.sealed9),
        table('Tenth sealed held-out part', results.sealed10),
        table('Eleventh sealed part (a tuning part since the thirteenth round)', results.sealed11),
        table('Twelfth sealed part (a tuning part since the fourteenth round)', results.sealed12),
        table('Thirteenth sealed part (a tuning part since the fifteenth round)', results.sealed13),
        table('Fourteenth sealed part (a tuning part since the sixteenth round)', results.sealed14),
        table('Fifteenth sealed part (a tuning part since the seventeenth round)', results.sealed15),
        table('Sixteenth sealed part (a tuning part since the eighteenth round)', results.sealed16),
        table('Seventeenth sealed part (a tuning part since the nineteenth round)', results.sealed17),
        table('Eighteenth sealed part (a tuning part since the twentieth round)', results.sealed18),
        table('Nineteenth sealed part (a tuning part since the twenty-first round)', results.sealed19),
        table('Twentieth sealed held-out part', results.sealed20),
        table('Twenty-first sealed held-out part', results.sealed21),
        table('Development part (first held-out)', results.dev),
        table('Tuning part', results.tuning),
        `speed, ours, ${long.length} notes of 2,000 characters x 3 passes: wall p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms; ` +
          `CPU p50 ${percentile(cpu, 50).toFixed(1)} ms, p95 ${percentile(cpu, 95).toFixed(1)} ms (wall time rises with the machine's load, CPU time less)`,
        'development misses (ours):',
        ...devOurs.missed,
        'development clinical terms lost (ours):',
        ...devOurs.lostTerms,
        'tuning misses (ours):',
        ...tuningOurs[1].missed,
        'tuning clinical terms lost (ours):',
        ...tuningOurs[1].lostTerms,
      ].join('\n') + '\n',
    );
    // A sanity bound only (the figure is printed): far above the 20 ms goal, far below a hang.
    expect(percentile(ms, 95)).toBeLessThan(500);
  });

  it('has at least 300 labelled notes from generated and hand-written sources, with labels that point at their text', () => {
    const all = [...tuning, ...dev, ...sealed, ...sealed2, ...sealed3, ...sealed4, ...sealed5, ...sealed6, ...sealed7, ...sealed8, ...sealed9, ...sealed10, ...sealed11, ...sealed12, ...sealed13, ...sealed14, ...sealed15, ...sealed16, ...sealed17, ...sealed18, ...sealed19, ...sealed20, ...sealed21];
    expect(all.length).toBeGreaterThanOrEqual(300);
    expect(sealed3.length).toBeGreaterThanOrEqual(100);
    expect(sealed4.length).toBeGreaterThanOrEqual(100);
    expect(sealed5.length).toBeGreaterThanOrEqual(110);
    expect(sealed6.length).toBeGreaterThanOrEqual(110);
    expect(sealed7.length).toBeGreaterThanOrEqual(110);
    expect(sealed8.length).toBeGreaterThanOrEqual(120);
    expect(sealed9.length).toBeGreaterThanOrEqual(130);
    expect(sealed10.length).toBeGreaterThanOrEqual(110);
    expect(sealed11.length).toBeGreaterThanOrEqual(150);
    expect(sealed12.length).toBeGreaterThanOrEqual(150);
    expect(sealed13.length).toBeGreaterThanOrEqual(150);
    expect(sealed14.length).toBeGreaterThanOrEqual(150);
    expect(sealed15.length).toBeGreaterThanOrEqual(150);
    expect(sealed16.length).toBeGreaterThanOrEqual(150);
    expect(sealed17.length).toBeGreaterThanOrEqual(150);
    expect(sealed18.length).toBeGreaterThanOrEqual(150);
    expect(sealed19.length).toBeGreaterThanOrEqual(150);
    expect(sealed20.length).toBeGreaterThanOrEqual(150);
    expect(sealed21.length).toBeGreaterThanOrEqual(150);
    for (const part of [sealed, sealed2, sealed3, sealed4, sealed5, sealed6, sealed7, sealed8, sealed9, sealed10, sealed11, sealed12, sealed13, sealed14, sealed15, sealed16, sealed17, sealed18, sealed19, sealed20, sealed21]) expect(new Set(part.map((n) => n.source))).toEqual(new Set(['generated', 'handwritten']));
    for (const n of all) for (const l of n.identifiers) expect(n.text.slice(l.start, l.end)).toBe(l.text);
  });

  it('reaches the measured recall and clinical-term retention on every part', () => {
    const [[, sealedOurs]] = results.sealed;
    const [[, sealed2Ours]] = results.sealed2;
    const [[, sealed3Ours]] = results.sealed3;
    const [[, sealed4Ours]] = results.sealed4;
    const [[, devOurs]] = results.dev;
    const [[, tuningOurs]] = results.tuning;
    // Loose floors only: they catch a collapse, they are not a figure to tune towards.
    expect(recall(sealed3Ours)).toBeGreaterThanOrEqual(SEALED3_RECALL);
    expect(retention(sealed3Ours)).toBeGreaterThanOrEqual(SEALED3_RETENTION);
    expect(recall(sealed4Ours)).toBeGreaterThanOrEqual(SEALED4_RECALL);
    expect(retention(sealed4Ours)).toBeGreaterThanOrEqual(SEALED4_RETENTION);
    expect(recall(sealedOurs)).toBeGreaterThanOrEqual(SEALED_RECALL);
    expect(recall(sealed2Ours)).toBeGreaterThanOrEqual(SEALED2_RECALL);
    expect(retention(sealed2Ours)).toBeGreaterThanOrEqual(SEALED2_RETENTION);
    expect(recall(devOurs)).toBeGreaterThanOrEqual(DEV_RECALL);
    expect(recall(tuningOurs)).toBeGreaterThanOrEqual(TUNING_RECALL);
    for (const [kind, s] of sealedOurs.perKind) expect([kind, s.caught / s.total >= SEALED_PER_KIND]).toEqual([kind, true]);
    for (const [kind, s] of sealed2Ours.perKind) expect([kind, s.caught / s.total >= SEALED2_PER_KIND]).toEqual([kind, true]);
    for (const [kind, s] of devOurs.perKind) expect([kind, s.caught / s.total >= DEV_PER_KIND]).toEqual([kind, true]);
    expect(retention(sealedOurs)).toBeGreaterThanOrEqual(SEALED_RETENTION);
    for (const s of [devOurs, tuningOurs]) expect(retention(s)).toBeGreaterThanOrEqual(RETENTION);
  });

  it('beats both peers on recall on every sealed part, and on retention where it does', () => {
    for (const part of [results.sealed, results.sealed2, results.sealed3, results.sealed4]) {
      const [[, o], ...peers] = part;
      for (const [name, p] of peers) {
        expect(recall(o)).toBeGreaterThan(recall(p));
        // The fourth sealed part's unseen eponyms and brands: compromise (which replaces far fewer
        // words, recall 0.269) keeps more of its terms than we do (RECALL.md, fifth round). Not
        // asserted there for that peer, and said so, rather than tuned towards.
        if (part === results.sealed4 && name === 'compromise + patterns') continue;
        expect(retention(o)).toBeGreaterThan(retention(p));
      }
    }
  });
});

// Set from the measurement in RECALL.md, a little below it so an unrelated tweak does not flap.
// The sealed part is BELOW the issue's targets (0.99 overall, 0.97 per kind): its bounds guard
// what was measured (0.944 overall, lowest kind AGE 0.853, retention 0.989), not the target.
const SEALED_RECALL = 0.93;
const SEALED_PER_KIND = 0.84;
const SEALED_RETENTION = 0.98;
// The second sealed part (written before the third round): baseline 0.743 overall, lowest kind
// DATE 0.466, retention 0.952; final 0.882, lowest kind PERSON 0.790, retention 0.962. Also BELOW
// the targets; the bounds guard the final measurement.
const SEALED2_RECALL = 0.87;
const SEALED2_PER_KIND = 0.78;
const SEALED2_RETENTION = 0.95;
// The third sealed part (written before the fourth round, issue 15): a loose floor set before
// its baseline was read, far under any figure worth reporting, so it can neither be tuned
// towards nor fail on a normal run; the figures themselves are printed and copied to RECALL.md.
// Measured: baseline 0.886 overall, retention 0.883; after the fourth round 0.923, retention 0.958
// (BELOW the targets; RECALL.md says why the final figure is not a clean held-out measure).
const SEALED3_RECALL = 0.7;
const SEALED3_RETENTION = 0.85;
// The fourth sealed part (written before the fifth round, issue 15): the same loose floors, set
// before its baseline was read.
const SEALED4_RECALL = 0.7;
const SEALED4_RETENTION = 0.85;
// The fifth sealed part (written before the sixth round's rules were merged, issue 15) has no
// floor and is left out of the peer comparison: its figures were unknown when it was wired in. It
// is printed only; a floor, if any, is set after its baseline is read, never towards it.
// The sixth sealed part (written in a worktree of its own by someone who did not read the rules,
// never run through the de-identifier before it was committed) likewise has no floor: printed only,
// and so have the seventh to twenty-first (written the same way; each scored once when merged: RECALL.md).
// The development part (the first held-out part, watched while tuning) meets the targets.
const DEV_RECALL = 0.99;
const DEV_PER_KIND = 0.97;
const TUNING_RECALL = 0.99;
const RETENTION = 0.99;
