import { opaqueRequestId } from './request-id';

describe('opaqueRequestId', () => {
  it('keeps UUIDs and W3C trace ids', () => {
    expect(opaqueRequestId('3f2b8c1e-9d4a-4b7e-8f01-2c3d4e5f6a7b')).toBe('3f2b8c1e-9d4a-4b7e-8f01-2c3d4e5f6a7b');
    expect(opaqueRequestId('4BF92F3577B34DA6A3CE929D0E0E4736')).toBe('4BF92F3577B34DA6A3CE929D0E0E4736');
  });

  it('drops anything that could carry words, and what is not a string', () => {
    for (const value of ['jane-doe-dob-1950-01-01', 'Zelda.Quistgaard:1961-04-02', 'req-3f2b8c1e', 'abc', 'f'.repeat(65), '', 42, undefined]) {
      expect(opaqueRequestId(value)).toBeUndefined();
    }
  });
});
