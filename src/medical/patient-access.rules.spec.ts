import { AppError, ErrorCode } from '../core/errors';
import { assertPatientScope, cohortFiltersFrom, parsePatientId, toAccessDecision, toolFailure } from './patient-access.rules';

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
};

describe('patient access rules', () => {
  describe('assertPatientScope', () => {
    it('refuses research on one patient (400), because research works on aggregates only', () => {
      expect(code(() => assertPatientScope('research', 17))).toBe(ErrorCode.ValidationFailed);
    });

    it('allows research without a patient and every other type with or without one', () => {
      expect(code(() => assertPatientScope('research', undefined))).toBeUndefined();
      for (const type of ['general', 'diagnosis', 'treatment', 'monitoring'] as const) {
        expect(code(() => assertPatientScope(type, 17))).toBeUndefined();
        expect(code(() => assertPatientScope(type, undefined))).toBeUndefined();
      }
    });
  });

  describe('parsePatientId', () => {
    it('reads a positive integer within PostgreSQL integer range', () => {
      expect(parsePatientId('17')).toBe(17);
      expect(parsePatientId(undefined)).toBeUndefined();
      expect(parsePatientId('2147483647')).toBe(2147483647);
    });

    it.each(['0', '-3', '1.5', 'abc', '2147483648'])('refuses %s', (value) => {
      expect(code(() => parsePatientId(value))).toBe(ErrorCode.ValidationFailed);
    });
  });

  describe('toAccessDecision', () => {
    it('reads the tool\'s decision', () => {
      const sut = toAccessDecision({ isError: false, text: 'allowed', data: { allowed: true, reason: 'on team', care_team_role: 'attending' } });
      expect(sut).toEqual({ allowed: true, reason: 'on team', careTeamRole: 'attending' });
      expect(toAccessDecision({ isError: false, text: 'denied', data: { allowed: false, reason: 'not on team' } }).allowed).toBe(false);
    });

    it('treats a missing decision as a tool failure, never as allowed', () => {
      expect(code(() => toAccessDecision({ isError: false, text: 'allowed' }))).toBe(ErrorCode.ToolFailed);
      expect(code(() => toAccessDecision({ isError: false, text: 'x', data: { allowed: 'yes' } }))).toBe(ErrorCode.ToolFailed);
      expect(code(() => toAccessDecision({ isError: true, text: 'boom', errorCode: 'internal' }))).toBe(ErrorCode.ToolFailed);
    });
  });

  describe('toolFailure', () => {
    it.each([
      ['forbidden', ErrorCode.Forbidden, false],
      ['not_found', ErrorCode.NotFound, false],
      ['invalid_argument', ErrorCode.ValidationFailed, false],
      ['timeout', ErrorCode.Timeout, true],
      ['unavailable', ErrorCode.McpUnavailable, true],
      ['internal', ErrorCode.ToolFailed, false],
    ])('maps %s to %s (transient %s)', (toolCode, expected, transient) => {
      const sut = toolFailure('patient_record', { isError: true, text: 'Patient Maria Delgado missing', errorCode: toolCode });
      expect(sut.code).toBe(expected);
      expect(sut.transient).toBe(transient);
    });

    it('never quotes the tool\'s text, which could carry patient data', () => {
      const sut = toolFailure('patient_record', { isError: true, text: 'Patient Maria Delgado', errorCode: 'not_found' });
      expect(sut.message).not.toContain('Delgado');
    });
  });

  describe('cohortFiltersFrom', () => {
    it('reads an ICD-10 code, a sex and an age range from a research question', () => {
      expect(cohortFiltersFrom('HbA1c control in women aged 40-65 with E11.9')).toEqual({
        condition_icd10_prefix: 'E11.9',
        sex: 'F',
        min_age: 40,
        max_age: 65,
      });
      expect(cohortFiltersFrom('Hypertension I10 in men 50 to 70 years')).toEqual({ condition_icd10_prefix: 'I10', sex: 'M', min_age: 50, max_age: 70 });
    });

    it('does not read blood pressures, gene names or lab names as filters', () => {
      expect(cohortFiltersFrom('BP 120-130 mmHg, BRCA2 carriers, HbA1c and COVID-19')).toEqual({});
    });
  });
});
