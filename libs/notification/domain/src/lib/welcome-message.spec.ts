import { composeWelcomeMessage, locationDisplayName, welcomeMessageId, welcomeSmsMessageKey } from './welcome-message';

describe('composeWelcomeMessage', () => {
  const unsubscribeUrl = 'https://massage.example/clients/c1/preferences';
  const message = composeWelcomeMessage({ givenName: 'Ada', locationId: 'downtown-toronto', language: 'en', unsubscribeUrl });

  it('greets the client by given name and names the location', () => {
    expect(message.subject).toBe('Welcome to Downtown Toronto, Ada');
    expect(message.text).toMatch(/^Hello Ada,\n/);
    expect(message.text).toContain('our Downtown Toronto location');
    expect(message.html).toContain('<p>Hello Ada,</p>');
    expect(message.html).toContain('The care team at Downtown Toronto');
    expect(message.text).toContain(unsubscribeUrl);
  });

  it('has an SMS that greets and names the location, and ends with the STOP opt-out', () => {
    expect(message.sms).toBe('Welcome to Downtown Toronto, Ada! Thank you for completing your intake form. We look forward to seeing you. Reply STOP to opt out');
  });

  it("speaks the client's language", () => {
    const fr = composeWelcomeMessage({ givenName: 'Ada', locationId: 'downtown-toronto', language: 'fr', unsubscribeUrl });
    expect(fr.subject).not.toBe(message.subject);
    expect(fr.text).toContain('Ada');
  });

  it('carries no health details', () => {
    for (const part of [message.subject, message.text, message.html, message.sms]) {
      expect(part).not.toMatch(/pain|condition|medication|surgery|injur|pregnan/i);
    }
  });

  it('escapes the name in HTML and keeps the subject on one line', () => {
    const hostile = composeWelcomeMessage({ givenName: '<b>Ada</b>\r\nBcc: x', locationId: 'uptown', language: 'en', unsubscribeUrl });
    expect(hostile.html).toContain('Hello &lt;b&gt;Ada&lt;/b&gt; Bcc: x,');
    expect(hostile.html).not.toContain('<b>Ada');
    expect(hostile.subject).not.toMatch(/[\r\n]/);
  });
});

describe('welcomeMessageId', () => {
  it('derives the Message-ID from the triggering event id', () => {
    expect(welcomeMessageId('0B6F3C52-5D0C-4A43-9D59-0D1C1F1F6C01')).toBe(
      '<welcome.0b6f3c52-5d0c-4a43-9d59-0d1c1f1f6c01@massage.example>',
    );
  });

  it('refuses anything that is not an id', () => {
    expect(() => welcomeMessageId('x>\r\nBcc: y')).toThrow(/Not an event id/);
  });
});

describe('welcomeSmsMessageKey', () => {
  it('derives the SMS message key from the triggering event id, and refuses anything else', () => {
    expect(welcomeSmsMessageKey('0B6F3C52-5D0C-4A43-9D59-0D1C1F1F6C01')).toBe('welcome.sms.0b6f3c52-5d0c-4a43-9d59-0d1c1f1f6c01');
    expect(() => welcomeSmsMessageKey('x.y')).toThrow(/Not an event id/);
  });
});

describe('locationDisplayName', () => {
  it('turns a location code into words', () => {
    expect(locationDisplayName('north-york-2')).toBe('North York 2');
    expect(locationDisplayName('downtown')).toBe('Downtown');
  });
});
