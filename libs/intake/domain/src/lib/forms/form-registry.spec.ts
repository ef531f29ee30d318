import { HEALTH_CONDITION_CODES } from '@massage/contracts';
import { findConsentText } from '../consent/consent-texts';
import { acceptedFormVersions, CURRENT_INTAKE_FORM, findIntakeForm, formVersionViolation, INTAKE_FORMS } from './form-registry';

describe('intake form registry', () => {
  it('has one current form, and every version once', () => {
    expect(acceptedFormVersions()).toEqual([CURRENT_INTAKE_FORM.version]);
    const versions = INTAKE_FORMS.map((f) => f.version);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('accepts the current form; refuses an unknown, a retired or a malformed version naming formVersion', () => {
    expect(formVersionViolation('intake-2026-11')).toBeUndefined();
    expect(formVersionViolation('intake-2099-01')).toMatchObject({ field: 'formVersion', reason: expect.stringContaining('unknown') });
    expect(formVersionViolation('2026.1')).toMatchObject({ field: 'formVersion', reason: expect.stringContaining('retired') });
    expect(formVersionViolation('')).toMatchObject({ field: 'formVersion' });
    expect(formVersionViolation(42)).toMatchObject({ field: 'formVersion' });
  });

  it('keeps retired v1 forms readable', () => {
    expect(findIntakeForm('2026.1')).toMatchObject({ status: 'retired', answers: 'health-history-v1' });
  });

  it('the current form asks about every condition code, and its consent texts exist', () => {
    expect(Object.keys(CURRENT_INTAKE_FORM.conditionQuestions ?? {}).sort()).toEqual([...HEALTH_CONDITION_CODES].sort());
    for (const version of CURRENT_INTAKE_FORM.consentTextVersions) expect(findConsentText(version)?.status).toBe('current');
  });

  it('re-asks today’s symptoms every visit, and the sections of the rules the last screening re-asks', () => {
    const reAsk = (field: string) => CURRENT_INTAKE_FORM.questions.find((q) => q.field === field)?.reAsk;
    expect(reAsk('answers.symptomsToday')).toBe('every-visit');
    // The DVT questions (conditions) for a DVT, an anticoagulant and a recent surgery (screening-rules.md).
    expect(reAsk('answers.conditions')).toEqual({ everyVisitFor: ['DVT_ACT', 'DVT_HX', 'ANTICOAG', 'SURG'] });
    expect(reAsk('answers.medications')).toEqual({ everyVisitFor: ['DVT_HX', 'ANTICOAG'] });
    expect(reAsk('answers.surgeries')).toEqual({ everyVisitFor: ['SURG'] });
    expect(reAsk('answers.pregnancy')).toEqual({ everyVisitFor: ['PREG', 'PREG_HR'] });
  });
});
