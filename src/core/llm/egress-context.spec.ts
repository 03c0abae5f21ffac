import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AccessPath } from '../../shared/policy';
import { deidentify } from '../../shared/deid';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { EgressContext } from './egress-context';
import { guardMessages } from './egress-guard';

const SSN = '123-45-6789';
const NAME = 'Margaret Oyelaran';

describe('EgressContext', () => {
  it('replaces identifiers in what the caller sends and puts them back in the answer', () => {
    const sut = new EgressContext({ path: AccessPath.GeneralQuery });
    const out = sut.guard(`Patient ${NAME}, SSN ${SSN}, phone (617) 555-0134, mail m.oyelaran@example.org`, 'caller');
    expect(out).not.toContain('Oyelaran');
    expect(out).not.toContain(SSN);
    expect(out).not.toContain('555-0134');
    expect(out).not.toContain('example.org');
    expect(sut.reidentify(out)).toContain(SSN);
    expect(sut.reidentify(out)).toContain('Oyelaran');
  });

  it('masks key material on every path and mode, from the caller and from a tool, and never puts it back', () => {
    const keys = ['sk-proj-Zq8Jx2LmN4pQ7rT1vW3yB5dF6gH9kMnP', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789AB', 'AKIAIOSFODNN7EXAMPLQ'];
    for (const sut of [new EgressContext({ path: AccessPath.GeneralQuery }), new EgressContext({ path: AccessPath.Code, mode: 'formats' }), new EgressContext({ path: AccessPath.Database })]) {
      const fromCaller = sut.guard(`My key is ${keys[0]}, can you check it? Token ${keys[1]}.`, 'caller');
      const fromTool = sut.guard(`| user | token |\n| svc | ${keys[2]} |\npostgres://app:S3cr3tPassw0rd!@db:5432/x`, 'tool');
      for (const key of [...keys, 'S3cr3tPassw0rd!']) expect(fromCaller + fromTool).not.toContain(key);
      expect(fromCaller).toContain('<SECRET_1>');
      expect(sut.reidentify(fromCaller)).not.toContain(keys[0]);
    }
  });

  it('gives one value one placeholder across calls, and two values two', () => {
    const sut = new EgressContext();
    const first = sut.guard(`SSN ${SSN}`, 'caller');
    const second = sut.guard(`Other SSN 987-65-4321, first again ${SSN}`, 'tool');
    const [token] = first.match(/\[SSN_\d+\]/)!;
    expect(second).toContain(token);
    expect(second.match(/\[SSN_\d+\]/g)!.filter((t) => t !== token)).toHaveLength(1);
  });

  it('keeps its own placeholders as they are when the model sends them back', () => {
    const sut = new EgressContext();
    const first = sut.guard(`${NAME} was seen on 2021-03-04`, 'caller');
    expect(sut.guard(first, 'caller')).toBe(first);
  });

  it('does not re-mangle the placeholders of an earlier de-identification it is seeded with', () => {
    const earlier = deidentify({ text: `${NAME} born 1950-02-03, SSN ${SSN}` });
    const sut = new EgressContext({ path: AccessPath.Medical, seed: earlier.mapping });
    expect(sut.guard(earlier.text!, 'caller')).toBe(earlier.text);
    expect(sut.reidentify(earlier.text!)).toContain(SSN);
    const record = deidentify({ record: { date_of_birth: '1950-02-03', ssn: SSN } }, { dateShiftDays: earlier.mapping.dateShiftDays });
    const recordText = JSON.stringify(record.record);
    const seeded = new EgressContext({ path: AccessPath.Medical, seed: record.mapping });
    expect(seeded.guard(recordText, 'caller')).toBe(recordText);
  });

  it('restores tool data only on a path that may hand direct identifiers to its caller', () => {
    for (const [path, restored] of [[AccessPath.GeneralQuery, false], [AccessPath.Database, false], [AccessPath.Medical, true]] as const) {
      const sut = new EgressContext({ path });
      const sent = sut.guard(`first_name | ssn\n${NAME} | ${SSN}`, 'tool');
      expect(sent).not.toContain(SSN);
      expect(sut.reidentify(sent).includes(SSN)).toBe(restored);
    }
  });

  it('learns identifiers from structured rows so their text table is replaced exactly', () => {
    const sut = new EgressContext();
    sut.learn({ columns: [{ name: 'first_name' }, { name: 'last_name' }, { name: 'mrn' }], rows: [['Zebedee', 'Quillfeather', 'Q77']] });
    const out = sut.guard('first_name | last_name | mrn\nZebedee | Quillfeather | Q77', 'tool');
    expect(out).not.toMatch(/Zebedee|Quillfeather|Q77/);
  });

  it('learns from the first rows of a hostile 100 000-row result without building every row', () => {
    const sut = new EgressContext();
    const rows = Array.from({ length: 100_000 }, (_, i) => (i === 0 ? ['Zebedee', 'Quillfeather', 'Q77'] : ['Ann', 'Lee', `M${i}`]));
    sut.learn({ columns: [{ name: 'first_name' }, { name: 'last_name' }, { name: 'mrn' }], rows });
    sut.learn(rows.map(([first_name, last_name, mrn]) => ({ first_name, last_name, mrn })));
    const out = sut.guard('Zebedee | Quillfeather | Q77', 'tool');
    expect(out).not.toMatch(/Zebedee|Quillfeather|Q77/);
  });

  it('puts the caller\'s values and un-shifted dates back into tool arguments, not tool data', () => {
    const sut = new EgressContext({ path: AccessPath.Database });
    const asked = sut.guard(`visits of ${NAME} since 2023-01-15`, 'caller');
    const shifted = /\[DATE_\d+: (\d{4}-\d{2}-\d{2})\]/.exec(asked)![1];
    const fromTool = sut.guard(`ssn ${SSN}`, 'tool');
    const person = /\[PERSON_\d+\]/.exec(asked)![0];
    const args = sut.toolArguments({ sql: `WHERE d >= '${shifted}' AND n = '${person}' AND s = '${fromTool.slice(4)}'` });
    expect(args.sql).toContain("'2023-01-15'");
    expect(args.sql).toContain(NAME.split(' ')[0]);
    expect(args.sql).not.toContain(SSN);
    expect(sut.toolArguments({ sql: "WHERE d >= '2024-01-01'" }).sql).toBe("WHERE d >= '2024-01-01'");
  });

  it('re-identifies a streamed answer whose placeholder is cut between chunks', () => {
    const sut = new EgressContext({ path: AccessPath.GeneralQuery });
    const sent = sut.guard(`SSN ${SSN}`, 'caller');
    const token = /\[SSN_\d+\]/.exec(sent)![0];
    const stream = sut.streamReidentifier();
    const chunks = ['The number is ', token.slice(0, 3), token.slice(3), ' ok'];
    const out = chunks.map((c) => stream.push(c)).join('') + stream.end();
    expect(out).toBe(`The number is ${SSN} ok`);
  });

  it('in formats mode replaces format identifiers but leaves the names of the program alone', () => {
    const sut = new EgressContext({ mode: 'formats' });
    const code = `const patientSsn = '${SSN}';\nfunction MaryAnnSmith(DrWatson) { return sendMail('jane.doe@example.com'); }`;
    const out = sut.guard(code, 'caller');
    expect(out).not.toContain(SSN);
    expect(out).not.toContain('jane.doe@example.com');
    expect(out).toContain('function MaryAnnSmith(DrWatson)');
  });

  /**
   * False positives on code: the fixtures hold no identifier, so every replacement is one. The
   * README quotes these counts; prose mode (names by NLP) is what code mode avoids.
   */
  it('makes at most a few replacements in the code fixtures, which hold no identifiers', () => {
    const dir = join(__dirname, '../../../test/fixtures/code');
    const files = readdirSync(dir).filter((f) => !f.endsWith('.json'));
    let codeMode = 0;
    let proseMode = 0;
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      const code = new EgressContext({ mode: 'formats' });
      code.guard(text, 'caller');
      codeMode += code.replaced;
      const prose = new EgressContext({ mode: 'full' });
      prose.guard(text, 'caller');
      proseMode += prose.replaced;
    }
    process.stdout.write(`egress guard on ${files.length} code fixtures: formats mode ${codeMode} replacements, full mode ${proseMode}\n`);
    expect(codeMode).toBe(0);
  });
});

describe('guardMessages', () => {

  it('keeps the service\'s own instructions readable (no name detector on system prompts) but still replaces identifier formats there', () => {
    const prompt = 'You answer questions about MedCor hospital database "medcor_db2". Name tables as list_tables shows them; run SQL with sql_query.';
    const [system, human] = guardMessages([new SystemMessage(`${prompt} Escalate to SSN ${SSN}.`), new HumanMessage(`Patient ${NAME} asks about MedCor`)], new EgressContext());
    expect(system.content).toBe(`${prompt} Escalate to SSN [SSN_1].`);
    expect(human.content).not.toContain('Oyelaran');
  });
});
