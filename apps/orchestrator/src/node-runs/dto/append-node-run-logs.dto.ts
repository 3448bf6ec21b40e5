import { LogLevels, type LogLevel } from '@flowline/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value);

/** One line, in Ocean's spelling (`level`, `message`) or the PATCH's (`logLevel`, `log`). */
export class NodeRunLogLineDto {
  @ApiPropertyOptional({ enum: LogLevels, description: 'or `logLevel`; default INFO' })
  @IsOptional()
  @Transform(upper)
  @IsIn(LogLevels)
  level?: LogLevel;

  @ApiPropertyOptional({ enum: LogLevels })
  @IsOptional()
  @Transform(upper)
  @IsIn(LogLevels)
  logLevel?: LogLevel;

  @ApiPropertyOptional({ description: 'or `log`' })
  @ValidateIf((line: NodeRunLogLineDto) => line.message !== undefined || line.log === undefined)
  @IsString()
  @MaxLength(10_000)
  message?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  log?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  tags?: Record<string, unknown>;
}

/** `POST /v1/workflows/nodes/runs/{id}/logs` (reference §9.4, [O]). */
export class AppendNodeRunLogsDto {
  @ApiPropertyOptional({ type: [NodeRunLogLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => NodeRunLogLineDto)
  logs!: NodeRunLogLineDto[];
}
