import { parseLocationManagers } from './location-managers';

describe('parseLocationManagers', () => {
  it('reads the managers by location code; nothing configured is none', () => {
    expect(parseLocationManagers('{"downtown-toronto": {"name": " Mona Manager ", "email": "mona@clinic.example"}}')).toEqual({
      'downtown-toronto': { name: 'Mona Manager', email: 'mona@clinic.example' },
    });
    expect(parseLocationManagers(undefined)).toEqual({});
    expect(parseLocationManagers(' ')).toEqual({});
  });

  it('refuses a manager without a name or a usable address, naming the location', () => {
    expect(() => parseLocationManagers('{"london": {"email": "m@clinic.example"}}')).toThrow(/london needs a name/);
    expect(() => parseLocationManagers('{"london": {"name": "M", "email": "fax 555"}}')).toThrow(/london needs an e-mail/);
    expect(() => parseLocationManagers('[]')).toThrow();
    expect(() => parseLocationManagers('{')).toThrow();
  });
});
