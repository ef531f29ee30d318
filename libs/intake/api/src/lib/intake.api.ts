import type { CompletedIntake, Consent, ConsentSubmission, HealthAnswers } from '@massage/intake-domain';

/**
 * Body of `POST /clients/:clientId/intakes`: a full intake on a current form (`intake-2026-11`), the health
 * answers the screening rules use, treatment goals, and consent signed against a versioned consent text.
 */
export interface SubmitIntakeRequest {
  /** A current form version (`intake-2026-11`); an unknown or retired one is refused naming `formVersion`. */
  formVersion: string;
  /** Form v2's health answers (codes, regions, dates; free text only in notes and medication names). */
  answers: HealthAnswers;
  /** Treatment goals in the client's words: 1–10 entries of 1–200 characters. */
  goals: string[];
  /** Signed consent: `given` true, the consent text version the client was shown. */
  consent: ConsentSubmission;
}

/** Consent as stored: the consent text's version and SHA-256 (null on intakes migrated from form v1), and when it lapses. */
export type ConsentResponse = Consent;

/**
 * A stored intake (answer of `POST /clients/:clientId/intakes` and the intake GET routes): kind `full` or
 * `visit-update`, the intake it follows, the complete answers and the pinned consent. Intakes taken on form v1
 * carry their answers migrated to v2 (`answers.unanswered` lists what v1 never asked).
 */
export type IntakeResponse = CompletedIntake;

/** Answer of `GET /clients/:clientId/intakes`: the client's intakes, latest first. */
export interface IntakeListResponse {
  /** Intakes of the client, most recently submitted first. */
  items: IntakeResponse[];
}
