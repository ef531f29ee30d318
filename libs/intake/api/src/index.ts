export * from './lib/intake-http.constants';
export * from './lib/client.api';
export * from './lib/intake.api';
export * from './lib/access-log.api';
export * from './lib/register-client.request.dto';
export * from './lib/submit-intake.request.dto';
export * from './lib/erase-client-contact.request.dto';
