export * from './lib/treatment-http.constants';
export * from './lib/plan.api';
export * from './lib/note.api';
export * from './lib/outcomes.api';
export * from './lib/own-sessions.api';
export * from './lib/plan.request.dto';
export * from './lib/note.request.dto';
export * from './lib/own-sessions.query.dto';
