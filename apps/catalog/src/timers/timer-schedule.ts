import { type BlueprintDefinition } from '../blueprints/blueprint.model';
import { isDateTime } from '../blueprints/property-values';
import { type JsonObject } from '../json-values';

/** One armed timer property of an entity: it expires at `dueAt`. */
export interface TimerSchedule {
  property: string;
  dueAt: Date;
}

/**
 * The timers an entity's properties arm: every `format: "timer"` property holding a date-time. An unset
 * timer property arms nothing (and disarms an earlier timer).
 */
export function timerSchedules(blueprint: BlueprintDefinition, properties: JsonObject): TimerSchedule[] {
  const schedules: TimerSchedule[] = [];
  for (const [property, schema] of Object.entries(blueprint.schema.properties)) {
    const value = properties[property];
    if (schema.format !== 'timer' || typeof value !== 'string' || !isDateTime(value)) continue;
    schedules.push({ property, dueAt: new Date(value) });
  }
  return schedules;
}
