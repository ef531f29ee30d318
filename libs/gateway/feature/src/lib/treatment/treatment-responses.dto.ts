import {
  BODY_REGIONS,
  NOTE_AMENDMENT_KINDS,
  NOTE_SECTIONS,
  PLAN_DISCONTINUATION_REASONS,
  PRESSURE_LEVELS,
  REFERRAL_SOURCES,
  TECHNIQUES,
  type BodyRegion,
  type NoteAmendmentKind,
  type NoteSection,
  type PlanDiscontinuationReason,
  type PressureLevel,
  type ReferralSource,
  type Technique,
} from '@massage/contracts';
import {
  NoteContentDto,
  OWN_SESSION_STATUSES,
  PlanFrequencyDto,
  type NoteAmendmentResponse,
  type NoteResponse,
  type NoteVersionResponse,
  type OwnSessionResponse,
  type OwnSessionsResponse,
  type OwnSessionStatus,
  type PlanGoalResponse,
  type PlanListResponse,
  type PlanOutcomesResponse,
  type PlanResponse,
} from '@massage/treatment-api';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ProblemDetailsDto } from '../intake/intake-responses.dto';

// Documentation of treatment's answers, which the gateway relays unchanged; nothing validates them here.

type Outcomes = PlanOutcomesResponse;
type PainTrend = Outcomes['pain'][number];
type PsfsItemTrend = Outcomes['psfs']['items'][number];
type PsfsMeanTrend = Outcomes['psfs']['mean'];
type ChartPoint = PainTrend['before'][number];
type ChangeVerdict = PainTrend['verdict'];
type Reassessment = Outcomes['reassessment'];
const VERDICTS: readonly ChangeVerdict[] = ['improved', 'worsened', 'no-important-change', 'too-few-sessions'];
const VERDICT = 'Whether the change reached the minimal clinically important difference (pain: a fall of 2 points or 30%; PSFS: 2 for the mean, 3 for one activity).';

export class PlanGoalResponseDto implements PlanGoalResponse {
  @ApiProperty({ format: 'uuid' }) goalId: string;
  @ApiProperty({ example: 'Turn my head to reverse the car', description: "A PSFS activity in the client's words." }) activity: string;
  @ApiProperty({ minimum: 0, maximum: 10, example: 3 }) baselineScore: number;
  @ApiProperty({ minimum: 0, maximum: 10, example: 8 }) targetScore: number;
  @ApiProperty({ type: String, format: 'date', nullable: true }) by: string | null;
}

class PlanReferralResponseDto {
  @ApiProperty({ enum: REFERRAL_SOURCES, example: 'physiotherapist' }) source: ReferralSource;
  @ApiProperty({ type: String, nullable: true, example: 'Dr. A. Chen, Riverside Physio' }) referrer: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'M54.2', description: 'ICD-10.' }) reasonCode: string | null;
}

class PlanReviewResponseDto {
  @ApiProperty({ format: 'uuid', description: 'The newer screening that restricts the plan.' }) screeningId: string;
  @ApiProperty({ type: [String], example: ['VARIC'] }) rules: string[];
  @ApiProperty({ format: 'date-time' }) flaggedAt: string;
}

export class PlanResponseDto implements PlanResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty({ example: 'downtown' }) locationId: string;
  @ApiProperty({ enum: ['active', 'completed', 'discontinued'] }) status: 'active' | 'completed' | 'discontinued';
  @ApiProperty({ example: 1, description: '1 as created; each revision adds one.' }) revision: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The therapist (scheduling id) who planned it, when a therapist did.' }) therapistId: string | null;
  @ApiProperty({ type: [PlanGoalResponseDto] }) goals: PlanGoalResponseDto[];
  @ApiProperty({ enum: BODY_REGIONS, isArray: true, example: ['neck', 'upper-back'] }) focusRegions: BodyRegion[];
  @ApiProperty({ enum: TECHNIQUES, isArray: true, example: ['swedish', 'myofascial-release'] }) techniques: Technique[];
  @ApiProperty({ enum: PRESSURE_LEVELS, example: 'P3' }) maxPressure: PressureLevel;
  @ApiProperty({ type: PlanFrequencyDto }) frequency: PlanFrequencyDto;
  @ApiProperty({ example: 6 }) plannedSessions: number;
  @ApiProperty({ format: 'date', example: '2026-04-15' }) reassessOn: string;
  @ApiProperty({ type: PlanReferralResponseDto, nullable: true }) referral: PlanReferralResponseDto | null;
  @ApiProperty({ format: 'uuid', description: 'The screening the plan (or its last revision) was checked against.' }) screeningId: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revisedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: string | null;
  @ApiProperty({ enum: PLAN_DISCONTINUATION_REASONS, nullable: true }) discontinuedFor: PlanDiscontinuationReason | null;
  @ApiProperty({ type: PlanReviewResponseDto, nullable: true, description: 'Set while a newer screening restricts the plan: revise it.' }) reviewNeeded: PlanReviewResponseDto | null;
}

export class PlanListResponseDto implements PlanListResponse {
  @ApiProperty({ type: [PlanResponseDto], description: 'Newest first.' }) plans: PlanResponseDto[];
}

export class NoteVersionResponseDto implements NoteVersionResponse {
  @ApiProperty({ example: 1, description: '1 is the note as signed; each amendment adds the next.' }) version: number;
  @ApiProperty({ type: NoteContentDto }) content: NoteContentDto;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ description: 'The therapist (scheduling id) or supervising manager (staff subject).' }) author: string;
}

export class NoteAmendmentResponseDto implements NoteAmendmentResponse {
  @ApiProperty({ format: 'uuid' }) amendmentId: string;
  @ApiProperty({ enum: NOTE_AMENDMENT_KINDS, example: 'correction' }) kind: NoteAmendmentKind;
  @ApiProperty() author: string;
  @ApiProperty({ example: 'Pain after was recorded for the wrong region.' }) reason: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: NOTE_SECTIONS, isArray: true, example: ['pain'], description: 'The sections the amendment changed.' }) sections: NoteSection[];
  @ApiProperty({ example: 2, description: 'The version it made.' }) version: number;
}

export class NoteResponseDto implements NoteResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The session: scheduling’s appointment.' }) appointmentId: string;
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty({ format: 'uuid' }) therapistId: string;
  @ApiProperty({ example: 'downtown' }) locationId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The active plan the session counts towards.' }) planId: string | null;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endsAt: string | null;
  @ApiProperty({ enum: ['draft', 'signed'], description: 'A draft until signed; signing locks it.' }) status: 'draft' | 'signed';
  @ApiProperty({ format: 'date-time', description: 'When the check-in opened it.' }) openedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) signedAt: string | null;
  @ApiProperty({ type: NoteContentDto, description: 'The draft, or the latest signed version.' }) content: NoteContentDto;
  @ApiProperty({ type: [NoteVersionResponseDto], description: 'Every signed version, the original first: never altered.' }) versions: NoteVersionResponseDto[];
  @ApiProperty({ type: [NoteAmendmentResponseDto] }) amendments: NoteAmendmentResponseDto[];
}

class ChartPointDto implements ChartPoint {
  @ApiProperty({ format: 'date-time', description: "The session's start." }) date: string;
  @ApiProperty({ example: 4 }) value: number;
}

class PainTrendDto implements PainTrend {
  @ApiProperty({ enum: BODY_REGIONS, example: 'neck' }) region: BodyRegion;
  @ApiProperty({ type: [ChartPointDto], description: 'Pain 0–10 before each signed session.' }) before: ChartPointDto[];
  @ApiProperty({ type: [ChartPointDto], description: 'Pain 0–10 after each signed session that asked.' }) after: ChartPointDto[];
  @ApiPropertyOptional({ example: 7, description: "The first session's pain before." }) baseline?: number;
  @ApiPropertyOptional({ example: 3, description: "The latest session's pain before." }) latest?: number;
  @ApiPropertyOptional({ example: -4, description: 'latest − baseline (negative: less pain).' }) change?: number;
  @ApiProperty({ enum: VERDICTS, example: 'improved', description: VERDICT }) verdict: ChangeVerdict;
}

class PsfsItemTrendDto implements PsfsItemTrend {
  @ApiProperty({ format: 'uuid' }) goalId: string;
  @ApiProperty({ example: 'Turn my head to reverse the car' }) activity: string;
  @ApiProperty({ example: 3 }) baseline: number;
  @ApiProperty({ example: 8 }) target: number;
  @ApiProperty({ type: [ChartPointDto] }) scores: ChartPointDto[];
  @ApiPropertyOptional({ example: 6 }) latest?: number;
  @ApiPropertyOptional({ example: 3, description: 'latest − baseline (positive: better).' }) change?: number;
  @ApiProperty({ enum: VERDICTS, example: 'improved', description: VERDICT }) verdict: ChangeVerdict;
  @ApiProperty({ example: false }) targetReached: boolean;
}

class PsfsMeanTrendDto implements PsfsMeanTrend {
  @ApiProperty({ type: [ChartPointDto], description: 'The mean of every activity, at each session that scored them all.' }) scores: ChartPointDto[];
  @ApiProperty({ example: 4 }) baseline: number;
  @ApiPropertyOptional({ example: 6.33 }) latest?: number;
  @ApiPropertyOptional({ example: 2.33 }) change?: number;
  @ApiProperty({ enum: VERDICTS, example: 'improved', description: VERDICT }) verdict: ChangeVerdict;
}

class PsfsOutcomesDto {
  @ApiProperty({ type: [PsfsItemTrendDto] }) items: PsfsItemTrendDto[];
  @ApiProperty({ type: PsfsMeanTrendDto }) mean: PsfsMeanTrendDto;
}

class ReassessmentDto implements Reassessment {
  @ApiProperty({ description: 'An active plan whose re-assessment date has come or whose planned sessions are done.' }) due: boolean;
  @ApiProperty({ enum: ['date-reached', 'sessions-done'], isArray: true }) reasons: ('date-reached' | 'sessions-done')[];
  @ApiProperty({ format: 'date', example: '2026-04-15' }) on: string;
  @ApiProperty({ example: 3 }) sessionsDone: number;
  @ApiProperty({ example: 6 }) plannedSessions: number;
}

export class PlanOutcomesResponseDto implements PlanOutcomesResponse {
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ example: 3, description: "Signed sessions counted (the plan's, by start)." }) sessions: number;
  @ApiProperty({ type: [PainTrendDto], description: 'Per region, a chart of pain before and after.' }) pain: PainTrendDto[];
  @ApiProperty({ type: PsfsOutcomesDto }) psfs: PsfsOutcomesDto;
  @ApiProperty({ type: ReassessmentDto }) reassessment: ReassessmentDto;
}

/** A treatment refusal: problem+json whose `type` (and `rule`) names the rule, `refusals` every refusal with its codes. */
export class TreatmentProblemDto extends ProblemDetailsDto {
  @ApiProperty({ example: 'contraindicated', description: 'The rule that refused, as the end of `type` names it.' }) rule: string;
  @ApiProperty({
    required: false,
    type: 'array',
    items: { type: 'object', additionalProperties: true, properties: { rule: { type: 'string' } } },
    description: 'Each refusal with its codes: the screening rule (e.g. `VARIC`), the techniques, regions and work lines it forbids.',
    example: [{ rule: 'contraindicated', screeningRule: 'VARIC', kind: 'LOCAL', techniques: ['deep-tissue'], regions: ['left-calf'], items: [2] }],
  })
  refusals?: Record<string, unknown>[];
}

class OwnSessionNoteDto {
  @ApiProperty({ format: 'uuid', example: '2b4d6f8a-0c1e-4a3b-8d5f-7a9c1e3b5d7f' }) id: string;
  @ApiProperty({ enum: ['draft', 'signed'], example: 'draft' }) status: 'draft' | 'signed';
}

export class OwnSessionResponseDto implements OwnSessionResponse {
  @ApiProperty({ format: 'uuid', example: '8a6c4e2f-0b1d-4f3a-9c5e-7b9d1f3a5c7e' }) appointmentId: string;
  @ApiProperty({ format: 'uuid', example: '6f1c2a8e-4b7d-4c1e-9a3f-2d5e8b0c7a14' }) clientId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9', description: 'The booked service; null for an appointment treatment projected before it kept the service.' })
  serviceId: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-03-09T14:00:00.000Z' }) startsAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-09T15:00:00.000Z' }) endsAt: string;
  @ApiProperty({ example: '10:00', description: "The start on the location's clock (`HH:mm`)." }) localStartTime: string;
  @ApiProperty({ enum: OWN_SESSION_STATUSES, example: 'checked-in', description: '`checked-in` once the client arrived (the draft note is open) and until the desk completes it or records a no-show.' })
  status: OwnSessionStatus;
  @ApiProperty({ enum: TECHNIQUES, isArray: true, example: ['swedish', 'myofascial-release'], description: 'Planned at booking.' }) techniques: Technique[];
  @ApiProperty({ enum: BODY_REGIONS, isArray: true, example: ['neck', 'upper-back'] }) focusRegions: BodyRegion[];
  @ApiProperty({ enum: PRESSURE_LEVELS, example: 'P3' }) pressure: PressureLevel;
  @ApiProperty({ type: OwnSessionNoteDto, nullable: true, description: 'The SOAP note, opened as a draft at check-in; null before.' }) note: OwnSessionNoteDto | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '1e3c5a7b-9d0f-4b2d-8f4a-6c8e0a2b4d6f', description: "The client's active treatment plan at the location." })
  activePlanId: string | null;
}

export class OwnSessionsResponseDto implements OwnSessionsResponse {
  @ApiProperty({ example: 'downtown' }) locationId: string;
  @ApiProperty({ format: 'date', example: '2026-03-09', description: "The local day listed: the one asked for, or today in the location's time zone." }) date: string;
  @ApiProperty({ example: 'America/Toronto' }) timeZone: string;
  @ApiProperty({ type: [OwnSessionResponseDto], description: 'By start. Ids and codes only.' }) sessions: OwnSessionResponseDto[];
}
