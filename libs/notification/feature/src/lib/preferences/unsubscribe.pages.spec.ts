import { unsubscribeHeaders } from '../mail-sender';
import { confirmUnsubscribePage, invalidLinkPage, unsubscribedPage } from './unsubscribe.pages';

describe('unsubscribe pages', () => {
  const token = '7d1d2b8e-8a83-4b5e-a7a4-3a0c4c1c9b02.email.ab-_C';

  it('asks first: a form posting the one-click body to the same token, and nothing loaded from elsewhere', () => {
    const html = confirmUnsubscribePage('en', 'email', token);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`<form method="post" action="?token=${encodeURIComponent(token)}">`);
    expect(html).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click">');
    expect(html).toContain('no more e-mails');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|https?:/);
  });

  it('escapes what it is given', () => {
    const html = confirmUnsubscribePage('en', 'email', '"><script>x</script>&');
    expect(html).not.toContain('<script>');
    expect(html).toContain('action="?token=%22%3E%3Cscript%3Ex%3C%2Fscript%3E%26"');
  });

  it('speaks French when the client does, and names the channel', () => {
    expect(confirmUnsubscribePage('fr', 'email', token)).toMatch(/<html lang="fr">.*Se désabonner.*courriels/);
    expect(unsubscribedPage('fr', 'sms')).toMatch(/<html lang="fr">.*Désabonnement confirmé.*textos/);
    expect(unsubscribedPage('en', 'email')).toContain("You will receive no more e-mails from us. Your clinic&#39;s front desk can turn them back on.");
  });

  it('refuses a bad link with the same words as before, in English', () => {
    expect(invalidLinkPage()).toContain('<h1>Link not valid</h1><p>This unsubscribe link is not valid. Please contact your clinic.</p>');
  });

  it('gives every e-mail with the link the RFC 8058 headers', () => {
    expect(unsubscribeHeaders('https://massage.example/unsubscribe?token=t')).toEqual({
      list: { unsubscribe: 'https://massage.example/unsubscribe?token=t' },
      headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
  });
});
