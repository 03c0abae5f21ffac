/**
 * Precision on ordinary text: the staff questions, clinical texts without identifiers, the
 * service's prompts, code, SQL and logs in test/fixtures/deid/precision hold no PHI, so every
 * span the detectors find there is a false replacement. Prints the rate per 1,000 words and the
 * share of texts changed, per part, and the spans found (copied into RECALL.md).
 */
import { loadPrecisionCorpus, wordCount } from '../../../test/fixtures/deid/precision/precision-corpus';
import { deidentifyFreeText } from './deidentify';
import { PlaceholderRegistry } from './placeholder-registry';
import { detectSpans } from './text-deidentifier';

const corpus = loadPrecisionCorpus();
const spansOf = (text: string) => detectSpans(text, [], { detectNames: true });

describe('de-identification precision on PHI-free text (detectors only)', () => {
  it('has the corpus the brief asks for', () => {
    const count = (part: string) => corpus.filter((t) => t.part === part).length;
    expect(count('staff questions')).toBeGreaterThanOrEqual(150);
    expect(count('clinical texts')).toBeGreaterThanOrEqual(50);
    expect(count('code and logs')).toBeGreaterThanOrEqual(40);
    expect(count('service prompts')).toBeGreaterThanOrEqual(10);
  });

  // Names, places and organisations are what the detectors guess; formats (URLs, IPs, timestamps,
  // long numbers) are identifiers by shape and are replaced on purpose, in code and logs too.
  const NAME_KINDS = new Set(['PERSON', 'LOCATION', 'ORGANIZATION']);
  type Row = { texts: number; words: number; names: number; formats: number; changed: number };
  const rows = new Map<string, Row>();
  const found: string[] = [];
  for (const { part, text } of corpus) {
    const spans = spansOf(text);
    const row = rows.get(part) ?? { texts: 0, words: 0, names: 0, formats: 0, changed: 0 };
    const names = spans.filter((s) => NAME_KINDS.has(s.kind)).length;
    row.texts += 1;
    row.words += wordCount(text);
    row.names += names;
    row.formats += spans.length - names;
    row.changed += spans.length > 0 ? 1 : 0;
    rows.set(part, row);
    for (const s of spans) found.push(`${part} | ${s.kind}: ${JSON.stringify(text.slice(s.start, s.end))} in ${JSON.stringify(text.slice(Math.max(0, s.start - 30), s.end + 30))}`);
  }
  const sum = (rs: Row[]): Row => rs.reduce((a, r) => ({ texts: a.texts + r.texts, words: a.words + r.words, names: a.names + r.names, formats: a.formats + r.formats, changed: a.changed + r.changed }));
  const prose = sum([...rows].filter(([part]) => part !== 'code and logs').map(([, r]) => r));
  const code = rows.get('code and logs')!;
  const perK = (n: number, r: Row) => (1000 * n) / r.words;

  it('prints false replacements per 1,000 words and the share of texts left unchanged', () => {
    const line = (name: string, r: Row) =>
      `| ${name} | ${r.texts} | ${r.words} | ${r.names} | ${r.formats} | ${perK(r.names + r.formats, r).toFixed(2)} | ${(1 - r.changed / r.texts).toFixed(3)} |`;
    process.stdout.write(
      [
        '| part | texts | words | false names | false formats | false per 1,000 words | texts unchanged |',
        '|---|---:|---:|---:|---:|---:|---:|',
        ...[...rows].map(([name, r]) => line(name, r)),
        line('**prose (all but code and logs)**', prose),
        line('**all**', sum([...rows.values()])),
        'false replacements:',
        ...found,
      ].join('\n') + '\n',
    );
    expect(found.length).toBe(sum([...rows.values()]).names + sum([...rows.values()]).formats);
  });

  it('replaces at most one word in 1,000 of prose and leaves at least 97 % of prose texts unchanged', () => {
    expect(perK(prose.names + prose.formats, prose)).toBeLessThanOrEqual(1);
    expect(1 - prose.changed / prose.texts).toBeGreaterThanOrEqual(0.97);
  });

  it('takes few words of code, SQL and logs for names (formats there are replaced by design)', () => {
    expect(perK(code.names, code)).toBeLessThanOrEqual(20);
  });

  it.each([
    'You answer questions about MedCor hospital database "medcor_db2". Run it with sql_query. Show the SQL you ran.',
    'Read the schema first: call list_tables, then describe_table for each table you need. Name tables as list_tables shows them.',
    'Name the tables',
    'What does MedCor store?',
    'Compare SQL and NoSQL',
    'Show the ICU census',
    'Is the MRI on floor 3 free?',
  ])('leaves %j unchanged', (text) => {
    expect(deidentifyFreeText(text).text).toBe(text);
  });

  // The same shapes are names where the text puts a name: after a label with its colon, an
  // honorific or a relation, in "LAST, FIRST", or as known names together.
  it.each([
    ['Patient: WONG', 'WONG'],
    ['Seen by Dr. KIM this morning.', 'KIM'],
    ['OKAFOR, CHIDINMA  DOB on file', 'OKAFOR'],
    ['WIFE MARIA AT BEDSIDE', 'MARIA'],
    ['Found by neighbour JOHN LEE, 911 called', 'LEE'],
    ['Spoke with JoAnn about the plan.', 'JoAnn'],
  ])('still replaces %j', (text, name) => {
    expect(deidentifyFreeText(text).text).not.toContain(name);
  });

  // A name found in the text is replaced wherever it stands as a word, never as a piece of a
  // longer identifier: a table, file, path, host or key that contains it is not the name.
  it.each([
    ['Dr. Priya Raman reviewed it. Open raman_notes.csv and /srv/raman/exports, not raman.archive or raman-lab-2.', 'Raman'],
    ['Patient: Okafor, Chidinma. Table okafor_visits, key cache.okafor.v2, host okafor-db.internal, https://wiki.example.org/okafor/page', 'Okafor'],
    ['Seen by Tomasz Nowak, MD. See reports/nowak_2024.pdf and the nowak.tmp file; write to tnowak_backup.', 'Nowak'],
  ])('replaces %j only where the name stands alone', (text, name) => {
    const spans = spansOf(text);
    expect(spans.some((s) => text.slice(s.start, s.end).includes(name))).toBe(true);
    for (const s of spans) {
      const around = [text.slice(s.start - 2, s.start), text.slice(s.end, s.end + 2)];
      expect([text.slice(s.start, s.end), /[\p{L}\p{N}][_./@-]$|[\p{L}\p{N}_]$/u.test(around[0]) || /^[_./@-][\p{L}\p{N}]|^[\p{L}\p{N}_]/u.test(around[1])]).toEqual([text.slice(s.start, s.end), false]);
    }
  });

  it('keeps a name found in an earlier text of the request out of identifiers in the later ones', () => {
    const registry = new PlaceholderRegistry(0);
    deidentifyFreeText('Seen by Dr. Priya Raman today.', { registry });
    const later = 'Raman asked for raman_notes.csv from /srv/raman/exports.';
    expect(deidentifyFreeText(later, { registry }).text).toMatch(/^\[PERSON_\d+\] asked for raman_notes\.csv from \/srv\/raman\/exports\.$/);
  });
});
