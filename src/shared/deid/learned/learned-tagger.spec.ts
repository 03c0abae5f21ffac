/**
 * The learned tagger: its weights are what the trainer makes from the training notes, it finds
 * identifiers of a part it was not trained on that the rules miss, and it leaves alone what its
 * guards are for (kin words, clinical runs, sentence openers, ordinary words).
 */
import { isCommonWord } from '../name-detector';
import { protectedRanges } from '../medical-terms';
import { TRAINING_PARTS, partScore, quantise, train, examples, trainedWeights, trainingParts } from '../../../../test/fixtures/deid/train-tagger';
import { decodeWeights, encodeWeights, findLearnedSpans } from './learned-tagger';
import { TAGGER_WEIGHTS } from './tagger-weights';

const proposed = (text: string) =>
  findLearnedSpans(text, { common: isCommonWord, protect: protectedRanges(text, isCommonWord), found: [] }).map((s) => text.slice(s.start, s.end));

describe('learned name tagger', () => {
  const parts = trainingParts();

  it('ships the weights the trainer makes from the training parts (npm run deid:train)', () => {
    expect(Object.keys(parts)).toEqual(Object.keys(TRAINING_PARTS));
    // The eleventh part is a tuning part since the thirteenth round; the twelfth and later are never trained on.
    expect(Object.keys(parts)).not.toContain('s12');
    const weights = trainedWeights(Object.values(parts).flat());
    expect(weights.rows).toBe(TAGGER_WEIGHTS.rows);
    expect(weights.values).toBe(TAGGER_WEIGHTS.values);
  });

  it('decodes and encodes its weights without loss', () => {
    expect(encodeWeights(decodeWeights(TAGGER_WEIGHTS.rows, TAGGER_WEIGHTS.values))).toEqual(TAGGER_WEIGHTS);
  });

  it('trained without the ninth part, finds identifiers of it that the rules miss and keeps its clinical terms', () => {
    const table = quantise(train(examples(Object.entries(parts).flatMap(([k, notes]) => (k === 's9' ? [] : notes)))));
    const rules = partScore(parts.s9, false);
    const both = partScore(parts.s9, table);
    expect(both.recall - rules.recall).toBeGreaterThan(0.008);
    expect(rules.retention - both.retention).toBeLessThan(0.01);
  });

  it('does not propose kin words, months, clinical runs, grades, sentence openers or lone ordinary words', () => {
    expect(proposed('Son Tavita drives her on Tuesday in March.')).not.toEqual(expect.arrayContaining(['Son']));
    for (const text of [
      'Garden IV intracapsular fracture on the left.',
      'Pittsburgh Infant Brain Injury Score was 2.',
      "pt with hx of lou gehrig's disease",
      'Compare SQL and NoSQL for storing vitals.',
      'Dashboards are refreshed nightly.',
      'Retired from Nursing in 2019.',
      'Do Not Resuscitate order signed.',
      'Which Redis keys hold the task?',
      'Departments: Cardiology, Oncology.',
    ]) {
      expect(proposed(text)).toEqual([]);
    }
  });
});
