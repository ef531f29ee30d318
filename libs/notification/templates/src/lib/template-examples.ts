import type { Language, TemplateData, TemplateName } from './template-data';

type Examples = { [T in TemplateName]: TemplateData[T] };

const common = {
  clientName: 'Alex Martin',
  locationName: 'Downtown Toronto',
  unsubscribeUrl: 'https://massage.example/u/3f9c2a',
};

/** Dates and times as the caller formats them for each language. */
const when: Record<Language, { localDate: string; localTime: string; deadlineLocal: string; expiresOn: string }> = {
  en: { localDate: 'Tuesday 9 March 2027', localTime: '2:30 pm', deadlineLocal: 'Monday 8 March, 6:00 pm', expiresOn: '31 March 2027' },
  fr: { localDate: 'mardi 9 mars 2027', localTime: '14 h 30', deadlineLocal: 'lundi 8 mars, 18 h', expiresOn: '31 mars 2027' },
};

/**
 * One complete data set per template, with every optional field: what the specs render, and a starting
 * point for anyone previewing a changed template.
 */
export function templateExamples(language: Language): Examples {
  const { localDate, localTime, deadlineLocal, expiresOn } = when[language];
  const appointment = {
    ...common,
    localDate,
    localTime,
    timeZone: 'America/Toronto',
    manageUrl: 'https://massage.example/a/7d41e0',
  };
  return {
    welcome: common,
    'booking-confirmed': appointment,
    'booking-rescheduled': appointment,
    'booking-cancelled': { ...common, localDate, localTime, late: true },
    reminder: appointment,
    'pre-visit-check': { ...common, localDate, localTime, formUrl: 'https://massage.example/f/91b2c7' },
    'after-care': {
      ...common,
      advice: ['hydrate', 'expect-mild-soreness', 'rest-after-deep-tissue', 'gentle-stretch-neck', 'heat-not-ice-lower-back', 'report-unusual-pain'],
    },
    'clearance-request': {
      ...common,
      providerName: 'Dr. Jordan Patel',
      dateOfBirth: '1984-05-17',
      ruleCodes: ['DVT_HX', 'ONC_TX'],
      replyUrl: 'https://massage.example/c/5e0a44',
      locationPhone: '+1 416 555 0100',
    },
    'waitlist-offer': { ...common, localDate, localTime, acceptUrl: 'https://massage.example/w/c2d8f3', deadlineLocal },
    'licence-expiring': { ...common, clientName: 'Robin Chen', therapistName: 'Sam Lee', jurisdiction: 'Ontario (CMTO)', expiresOn },
  };
}
