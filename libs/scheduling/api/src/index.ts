export * from './lib/scheduling-http.constants';
export * from './lib/location.api';
export * from './lib/therapist.api';
export * from './lib/appointment.api';
export * from './lib/validators';
export * from './lib/location.request.dto';
export * from './lib/therapist.request.dto';
export * from './lib/appointment.request.dto';
