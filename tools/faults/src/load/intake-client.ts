import type { RegisterClientRequest } from '@massage/intake-api';
import { exampleSubmitIntakeRequest, INTAKE_ROUTES } from '@massage/intake-api';
import type { SuiteCaller } from './intake-request-auth';

export type RequestOutcome = 'created' | 'refused' | 'failed';

/** Where requests go: the live intake replicas, picked round-robin (a load balancer without health checks). */
export interface IntakeEndpoints {
  urls(): string[];
}

/** Calls intake's HTTP API the way the gateway does, with a deadline per request. */
export class IntakeClient {
  private next = 0;
  /** The first answer that was not 201, for the run's log. */
  lastRefusal: string | undefined;

  constructor(
    private readonly endpoints: IntakeEndpoints,
    private readonly caller: SuiteCaller,
    readonly locationId: string,
    private readonly timeoutMs = 5_000,
  ) {}

  async registerClient(email: string, givenName = 'Fault'): Promise<{ outcome: RequestOutcome; id?: string }> {
    const body: RegisterClientRequest = { givenName, familyName: 'Suite', email, preferredChannel: 'email', dateOfBirth: '1980-01-01' };
    return this.post(this.route(INTAKE_ROUTES.registerClient), body);
  }

  async submitIntake(clientId: string): Promise<{ outcome: RequestOutcome; id?: string }> {
    const body = exampleSubmitIntakeRequest(new Date().toISOString(), 'Fault Suite');
    return this.post(this.route(INTAKE_ROUTES.clientIntakes).replace(':clientId', clientId), body);
  }

  /** Routes name their location (`:locationId`) since issue 6; older ones took it from a header. */
  private route(template: string): string {
    return template.replace(':locationId', this.locationId);
  }

  private async post(path: string, body: unknown): Promise<{ outcome: RequestOutcome; id?: string }> {
    const urls = this.endpoints.urls();
    if (urls.length === 0) return { outcome: 'failed' };
    const url = urls[this.next++ % urls.length] as string;
    try {
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: this.caller.headers('intake', this.locationId),
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (res.status !== 201) {
        this.lastRefusal ??= `${res.status} ${path}: ${(await res.text()).slice(0, 300)}`;
        return { outcome: res.status >= 500 ? 'failed' : 'refused' };
      }
      const created = (await res.json()) as { id: string };
      return { outcome: 'created', id: created.id };
    } catch {
      return { outcome: 'failed' };
    }
  }
}
