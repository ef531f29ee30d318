import type {
  BodyRegion,
  ConditionQualifier,
  DeviceKind,
  HealthConditionCode,
  MedicationClass,
  PregnancyRiskFactor,
  PressureLevel,
  SymptomToday,
} from '@massage/contracts';

/**
 * The health answers of intake form v2: everything the screening rule table
 * (../shared/domain/screening-rules.md, "asked on intake") reasons over, as codes, regions and
 * dates. Free text (`note`) stays in the intake database and never reaches the rules or an event.
 * Dates are calendar dates `YYYY-MM-DD`.
 */
export interface ConditionAnswer {
  code: HealthConditionCode;
  /** Where it is (the affected limb, the lymph-node quadrant, the wound, the numb areas …); empty = not local. */
  regions: BodyRegion[];
  qualifiers: ConditionQualifier[];
  diagnosedOn?: string;
  /** When it started (acute inflammation, unexplained pain). */
  onsetOn?: string;
  /** Treatment (e.g. a clot treated, radiation ended): start and end; no end = ongoing. */
  treatmentStartedOn?: string;
  treatmentEndedOn?: string;
  note?: string;
}

export interface SurgeryAnswer {
  on: string;
  sites: BodyRegion[];
  note?: string;
}

export interface FractureAnswer {
  on: string;
  sites: BodyRegion[];
  /** A clinician confirmed union (the bone has healed). */
  healed: boolean;
}

export interface DeviceAnswer {
  kind: DeviceKind;
  /** The device and its leads. */
  sites: BodyRegion[];
  placedOn?: string;
  /** Ports, PICC lines and drains are removed at some point. */
  removedOn?: string;
}

export interface PregnancyAnswer {
  /** Completed weeks of gestation on the day of the answers (0–45). */
  weeks: number;
  riskFactors: PregnancyRiskFactor[];
}

export interface MedicationAnswer {
  class: MedicationClass;
  /** The medication's name as the client gave it; stays in the intake database. */
  name?: string;
}

export interface PainAnswer {
  region: BodyRegion;
  /** Integer 0–10. */
  rating: number;
}

/** Form v2's health answers. */
export interface HealthAnswers {
  conditions: ConditionAnswer[];
  surgeries: SurgeryAnswer[];
  fractures: FractureAnswer[];
  devices: DeviceAnswer[];
  /** Absent = not pregnant. */
  pregnancy?: PregnancyAnswer;
  medications: MedicationAnswer[];
  /** Asked before every visit. */
  symptomsToday: SymptomToday[];
  painAreas: PainAnswer[];
  /** Preferred pressure on P1–P5 (screening may cap it). */
  pressurePreference: PressureLevel;
  /**
   * Set only on answers migrated from form v1: the paths (`pregnancy.weeks`, `surgeries.0.sites`) whose
   * question v1 never asked, so their value is a placeholder (weeks 0, no sites) that a reader must not
   * take as the client's answer. A submission never carries it.
   */
  unanswered?: string[];
}
