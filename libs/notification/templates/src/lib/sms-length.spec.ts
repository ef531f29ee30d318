import { smsLength } from './sms-length';

describe('smsLength', () => {
  it('counts GSM-7 septets: 160 in one segment, 153 per segment beyond', () => {
    expect(smsLength('')).toEqual({ encoding: 'GSM-7', units: 0, segments: 0 });
    expect(smsLength('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsLength('a'.repeat(161)).segments).toBe(2);
    expect(smsLength('a'.repeat(306)).segments).toBe(2);
    expect(smsLength('a'.repeat(307)).segments).toBe(3);
  });

  it('keeps the French letters of GSM-7 (é è à ù) in GSM-7', () => {
    expect(smsLength('Répondez STOP à tout moment, où que vous soyez, déjà !')).toMatchObject({ encoding: 'GSM-7' });
  });

  it('counts the extension characters twice', () => {
    expect(smsLength('€[]')).toEqual({ encoding: 'GSM-7', units: 6, segments: 1 });
  });

  it('switches the whole message to UCS-2 for one character outside GSM-7: 70, then 67 per segment', () => {
    for (const char of ['ê', 'ç', 'ô', '’', 'Ł']) expect(smsLength(`Un imprévu ${char}`).encoding).toBe('UCS-2');
    expect(smsLength('ê'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(smsLength('ê'.repeat(71)).segments).toBe(2);
    expect(smsLength('ê'.repeat(134)).segments).toBe(2);
    expect(smsLength('ê'.repeat(135)).segments).toBe(3);
  });
});
