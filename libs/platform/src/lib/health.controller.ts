import { Controller, Get, Optional, ServiceUnavailableException } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Liveness and readiness in one: answers 200 when the service can reach its own database. */
@Controller('health')
export class HealthController {
  constructor(@Optional() private readonly dataSource?: DataSource) {}

  @Get()
  async check(): Promise<{ status: 'ok'; database: 'up' | 'none' }> {
    if (!this.dataSource) return { status: 'ok', database: 'none' };
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'ok', database: 'up' };
    } catch {
      throw new ServiceUnavailableException('database unreachable');
    }
  }
}
