import { ANALYSIS_SCHEMAS, ANALYSIS_TYPES, URGENCIES, analysisSchema, schemaName } from './analysis-schemas';
import { systemPrompt, userPrompt } from './analysis-prompts';
import { MEDICAL_DISCLAIMER } from './medical-result';

const common = { summary: 'Stable.', findings: ['BP 150/95'], red_flags: [], confidence: 0.7 };

/** A minimal valid answer per type, to prove what each schema requires beyond the common part. */
const VALID: Record<string, Record<string, unknown>> = {
  general: { ...common, recommendations: ['Recheck BP in 2 weeks'] },
  diagnosis: {
    ...common,
    differential: [{ condition: 'Stable angina', icd10_code: 'I20.9', likelihood: 'high', supporting_evidence: ['exertional'], against: [] }],
    suggested_tests: ['ECG'],
  },
  treatment: { ...common, options: [{ option: 'Amlodipine 5 mg', rationale: 'First line', considerations: ['ankle oedema'] }] },
  monitoring: {
    ...common,
    trends: [{ parameter: 'HbA1c', direction: 'worsening', detail: '7.1 → 8.2%' }],
    thresholds: [{ parameter: 'HbA1c', threshold: '> 9%', action: 'Intensify therapy' }],
    follow_up: '3 months',
  },
  research: { ...common, cohort_statistics: { population: 'E11', key_statistics: [{ measure: 'patients', value: '120' }], limitations: ['<5 cells'] } },
};

const TYPE_FIELDS: Record<string, string[]> = {
  general: ['recommendations'],
  diagnosis: ['differential', 'suggested_tests'],
  treatment: ['options'],
  monitoring: ['trends', 'thresholds', 'follow_up'],
  research: ['cohort_statistics'],
};

describe('analysis prompts and schemas', () => {
  it.each(ANALYSIS_TYPES)('%s: the schema accepts a complete answer and refuses one without its own fields', (type) => {
    const sut = analysisSchema(type);
    expect(sut.safeParse(VALID[type]).success).toBe(true);
    for (const field of TYPE_FIELDS[type]) {
      const { [field]: _dropped, ...without } = VALID[type];
      expect(sut.safeParse(without).success).toBe(false);
    }
  });

  it.each(ANALYSIS_TYPES)('%s: the schema requires summary, findings, red flags and a confidence from 0 to 1', (type) => {
    const sut = analysisSchema(type);
    for (const field of ['summary', 'findings', 'red_flags', 'confidence']) {
      const { [field]: _dropped, ...without } = VALID[type];
      expect(sut.safeParse(without).success).toBe(false);
    }
    expect(sut.safeParse({ ...VALID[type], confidence: 1.2 }).success).toBe(false);
    expect(sut.safeParse({ ...VALID[type], confidence: -0.1 }).success).toBe(false);
  });

  it('takes red flags only with a known urgency', () => {
    const sut = analysisSchema('general');
    for (const urgency of URGENCIES) {
      expect(sut.safeParse({ ...VALID.general, red_flags: [{ finding: 'ST elevation', urgency, action: 'Call cardiology' }] }).success).toBe(true);
    }
    expect(sut.safeParse({ ...VALID.general, red_flags: [{ finding: 'x', urgency: 'whenever', action: 'y' }] }).success).toBe(false);
  });

  it('treatment options need a rationale', () => {
    const sut = analysisSchema('treatment');
    expect(sut.safeParse({ ...VALID.treatment, options: [{ option: 'Amlodipine', considerations: [] }] }).success).toBe(false);
  });

  it('leaves the disclaimer out of every schema, so the model can neither drop nor reword it', () => {
    for (const type of ANALYSIS_TYPES) {
      expect(Object.keys(ANALYSIS_SCHEMAS[type].shape)).not.toContain('disclaimer');
      expect(systemPrompt(type)).toMatch(/Do not add a disclaimer/);
    }
    expect(MEDICAL_DISCLAIMER).toMatch(/decision support/i);
  });

  it('gives each type its own system prompt and schema name', () => {
    const prompts = ANALYSIS_TYPES.map(systemPrompt);
    expect(new Set(prompts).size).toBe(ANALYSIS_TYPES.length);
    expect(systemPrompt('diagnosis')).toMatch(/differential/i);
    expect(systemPrompt('treatment')).toMatch(/rationale/i);
    expect(systemPrompt('monitoring')).toMatch(/threshold/i);
    expect(systemPrompt('research')).toMatch(/aggregate/i);
    expect(new Set(ANALYSIS_TYPES.map(schemaName)).size).toBe(ANALYSIS_TYPES.length);
    for (const type of ANALYSIS_TYPES) expect(schemaName(type)).toMatch(/^[a-z_]+$/);
  });

  it('tells the model to keep placeholders as they are', () => {
    for (const type of ANALYSIS_TYPES) expect(systemPrompt(type)).toContain('[PERSON_1]');
  });

  it('puts the notes, the record and the cohort in the user message only when given', () => {
    const withAll = userPrompt({ type: 'diagnosis', medicalData: 'Chest pain in [PERSON_1].', record: { patient: { mrn: '[MRN_1]' } }, cohort: { patient_count: 12 } });
    expect(withAll).toContain('Chest pain in [PERSON_1].');
    expect(withAll).toContain('"mrn":"[MRN_1]"');
    expect(withAll).toContain('"patient_count":12');
    const bare = userPrompt({ type: 'general', medicalData: 'Cough.' });
    expect(bare).not.toMatch(/Patient record|Cohort statistics/);
  });
});
