import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { OwnSessionsQuery } from './own-sessions.api';
import { IsLocalDate } from './validators';

export class OwnSessionsQueryDto implements OwnSessionsQuery {
  @ApiPropertyOptional({ example: '2026-03-09', description: "The local day (`YYYY-MM-DD`) at the location; today in the location's time zone when absent." })
  @IsOptional()
  @IsLocalDate()
  date?: string;
}
