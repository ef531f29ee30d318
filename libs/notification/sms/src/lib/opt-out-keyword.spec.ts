import fc from 'fast-check';
import { isOptInKeyword, isOptOutKeyword, OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS, smsKeyword } from './opt-out-keyword';

/** The keyword in any mix of upper and lower case. */
function anyCase(word: string): fc.Arbitrary<string> {
  return fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }).map((upper) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
}

/** …and with the space of a two-word keyword ("STOP ALL") widened to any run of whitespace. */
function anyCaseAndSpacing(word: string): fc.Arbitrary<string> {
  return fc.tuple(anyCase(word), fc.stringMatching(/^[ \t]{1,3}$/)).map(([cased, gap]) => cased.replace(' ', gap));
}

const whitespace = fc.stringMatching(/^[ \t\r\n]{0,4}$/);
const trailing = fc.constantFrom('', '.', '!', '!!');

describe('SMS opt-out and opt-in keywords', () => {
  it('every opt-out keyword stops, in any case, with surrounding whitespace and a trailing . or !', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPT_OUT_KEYWORDS).chain(anyCaseAndSpacing), whitespace, whitespace, trailing, (word, before, after, mark) => {
        const body = `${before}${word}${mark}${after}`;
        expect(isOptOutKeyword(body)).toBe(true);
        expect(isOptInKeyword(body)).toBe(false);
        expect(smsKeyword(body)).toBe('opt-out');
      }),
    );
  });

  it('every opt-in keyword (START, UNSTOP) resumes, in any case and spacing', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPT_IN_KEYWORDS).chain(anyCase), whitespace, whitespace, (word, before, after) => {
        const body = `${before}${word}${after}`;
        expect(smsKeyword(body)).toBe('opt-in');
        expect(isOptOutKeyword(body)).toBe(false);
      }),
    );
  });

  it('a keyword inside a sentence or glued to other text is not one', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPT_OUT_KEYWORDS, ...OPT_IN_KEYWORDS).chain(anyCase), fc.stringMatching(/^[a-z]{1,6}$/), (word, other) => {
        fc.pre(!(word.toUpperCase() === 'STOP' && other === 'all')); // "STOP ALL" is itself a keyword
        expect(smsKeyword(`${word} ${other}`)).toBeUndefined();
        expect(smsKeyword(`${other} ${word}`)).toBeUndefined();
        expect(smsKeyword(`${word}${other}`)).toBeUndefined();
      }),
    );
    expect(smsKeyword("please don't stop")).toBeUndefined();
    expect(smsKeyword('yes')).toBeUndefined();
    expect(smsKeyword('STOPP')).toBeUndefined();
    expect(smsKeyword('')).toBeUndefined();
  });
});
