import { Logger, ServiceUnavailableException } from '@nestjs/common';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { ActorRequest } from '@massage/platform-security';
import { fhirBundleIssues } from '@massage/testing';
import type { Response } from 'express';
import { AuditLog } from '../audit/audit-log';
import type { ServiceClient } from '../http/service.client';
import { auditLines, startRecordingGateway, type Answer, type Received, type RecordingGateway } from '../testing/recording-gateway';
import { FHIR_CLIENT, intakePart, treatmentPart } from './fhir-record.fixtures';
import { TreatmentRecordHttpController } from './treatment-record.http.controller';

const path = `/locations/downtown/clients/${FHIR_CLIENT}/record/fhir`;
const THERAPIST = { subject: 'therapist-sam', role: 'therapist' as const };
const HQ = { subject: 'hq-1', role: 'hq-admin' as const, locationId: '*' };
const FRONT_DESK = { subject: 'fd-1', role: 'front-desk' as const };

/** Which service a forwarded request was for (intake's part is at `…/fhir-record`, treatment's at `…/record/fhir`). */
const serviceOf = (r: Received): 'intake' | 'treatment' => (r.url.endsWith('/fhir-record') ? 'intake' : 'treatment');
const problemOf = (status: number) => ({ status, type: 'application/problem+json', body: { type: 'about:blank', title: 'Refused', status } });
/** The two services answering their parts; `override` replaces one service's answer. */
const parts =
  (override: Partial<Record<'intake' | 'treatment', ReturnType<Answer>>> = {}): Answer =>
  (r) =>
    override[serviceOf(r)] ?? { status: 200, type: 'application/fhir+json', body: serviceOf(r) === 'intake' ? intakePart() : treatmentPart() };

describe('gateway: the FHIR record, composed from intake and treatment (ADR 0023)', () => {
  let gw: RecordingGateway;
  let log: jest.SpyInstance;
  let errors: jest.SpyInstance;
  beforeAll(async () => (gw = await startRecordingGateway()));
  afterAll(() => gw?.close());
  beforeEach(() => {
    gw.reset();
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    log.mockRestore();
    errors.mockRestore();
  });
  const get = (actor: object = THERAPIST) => gw.http.get(`/v1${path}`).set('authorization', gw.bearer(actor));
  const audited = () => auditLines(log) as { what: { action: string; clientId: string }; outcome: { status: number; disclosed: boolean } }[];

  it.each([
    ['a therapist', THERAPIST],
    ['HQ', HQ],
  ])("answers %s one Bundle: intake's named Patient and answers with treatment's resources, valid R4; asks each service as the caller; audits one read", async (_who, actor) => {
    gw.answer = parts();
    const res = await get(actor);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/fhir+json');
    const bundle = JSON.parse(res.text) as Bundle;
    const resources = (bundle.entry ?? []).map((e) => e.resource as Resource);
    expect(resources.map((r) => r.resourceType)).toEqual(['Patient', 'Practitioner', 'QuestionnaireResponse', 'CarePlan', 'Encounter', 'Observation']);
    expect(resources[0]).toMatchObject({ id: FHIR_CLIENT, name: [{ family: 'Okafor', given: ['Maya'] }] });
    expect(fhirBundleIssues(bundle)).toEqual([]);

    expect(gw.received.map((r) => [r.method, serviceOf(r), r.url]).sort()).toEqual([
      ['GET', 'intake', `/locations/downtown/clients/${FHIR_CLIENT}/fhir-record`],
      ['GET', 'treatment', path],
    ]);
    for (const r of gw.received) {
      expect(gw.assertedActor(r, serviceOf(r))).toMatchObject(actor);
      expect(() => gw.assertedActor(r, serviceOf(r) === 'intake' ? 'treatment' : 'intake')).toThrow();
    }
    expect(new Set(gw.received.map((r) => r.headers['x-correlation-id'])).size).toBe(1);
    expect(audited()).toEqual([expect.objectContaining({ what: { action: 'record.fhir', locationId: 'downtown', clientId: FHIR_CLIENT }, outcome: { status: 200, disclosed: true } })]);
  });

  it.each([
    ['intake fails (500)', { intake: problemOf(500) }],
    ['treatment fails (500)', { treatment: problemOf(500) }],
    ['intake answers something that is not a Bundle', { intake: { status: 200, body: { resourceType: 'OperationOutcome' } } }],
    ["intake answers another client's Patient", { intake: { status: 200, body: intakePart('0a0a0a0a-0000-4000-8000-000000000000') } }],
  ])('fails the whole export with 502 problem+json when %s: no partial record, audited as not disclosed', async (_case, override) => {
    gw.answer = parts(override);
    const res = await get();
    expect(res.status).toBe(502);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.text).not.toMatch(/Okafor|QuestionnaireResponse|Observation/);
    expect(audited()).toEqual([expect.objectContaining({ what: expect.objectContaining({ action: 'record.fhir' }), outcome: { status: 502, disclosed: false } })]);
  });

  it.each([
    ['intake', 404],
    ['treatment', 403],
  ] as const)("relays %s's refusal (%i) as it is, audited as not disclosed", async (service, status) => {
    gw.answer = parts({ [service]: problemOf(status) });
    const res = await get();
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status, instance: `/v1${path}` });
    expect(audited()).toEqual([expect.objectContaining({ outcome: { status, disclosed: false } })]);
  });

  it('refuses the front desk (403) and asks neither service', async () => {
    gw.answer = parts();
    expect((await get(FRONT_DESK)).status).toBe(403);
    expect(gw.received).toEqual([]);
  });

  it('documents the composed record: both sources, the Patient named in the example, and the 502/503 of a failing part', async () => {
    type Op = { description?: string; responses: Record<string, { description?: string; content?: Record<string, { example?: Bundle }> }> };
    const paths = ((await gw.http.get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, Op>> }).paths;
    const op = paths['/v1/locations/{locationId}/clients/{clientId}/record/fhir']?.['get'];
    expect(op?.description).toMatch(/intake/);
    const example = op?.responses['200']?.content?.['application/fhir+json']?.example;
    expect(example?.entry?.map((e) => e.resource?.resourceType)).toEqual(expect.arrayContaining(['Patient', 'QuestionnaireResponse', 'Observation']));
    expect(example?.entry?.[0]?.resource).toMatchObject({ resourceType: 'Patient', name: [{ family: 'Okafor' }] });
    expect(op?.responses['502']?.description).toMatch(/Intake or treatment/);
    expect(op?.responses['503']?.description).toMatch(/unreachable/);
  });
});

describe('gateway: the FHIR record when a service is unreachable', () => {
  it.each(['intake', 'treatment'] as const)('fails with 503 when %s is unreachable (never the other part alone), and audits the 503', async (down) => {
    const services = {
      send: async (service: string) => {
        if (service === down) throw new ServiceUnavailableException(`The ${service} service is unavailable; try again shortly.`);
        return { status: 200, contentType: 'application/fhir+json', body: JSON.stringify(service === 'intake' ? intakePart() : treatmentPart()) };
      },
    } as unknown as ServiceClient;
    const audit = new AuditLog();
    const reads = jest.spyOn(audit, 'healthDataRead').mockImplementation(() => undefined);
    const response = { status: jest.fn(), type: jest.fn(), send: jest.fn(), end: jest.fn() };
    const request = { actor: { subject: 'therapist-sam', role: 'therapist', locationId: 'downtown' }, headers: {}, originalUrl: `/v1${path}` };
    const controller = new TreatmentRecordHttpController(services, audit);
    await expect(controller.export('downtown', FHIR_CLIENT, request as unknown as ActorRequest, response as unknown as Response)).rejects.toBeInstanceOf(ServiceUnavailableException);
    expect(response.send).not.toHaveBeenCalled();
    expect(reads.mock.calls.map(([entry]) => [entry.action, entry.status])).toEqual([['record.fhir', 503]]);
  });
});
