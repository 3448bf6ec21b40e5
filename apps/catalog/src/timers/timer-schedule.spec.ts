import { type BlueprintDefinition } from '../blueprints/blueprint.model';
import { timerSchedules } from './timer-schedule';

const blueprint: BlueprintDefinition = {
  identifier: 'env',
  title: 'Environment',
  icon: null,
  description: null,
  schema: {
    properties: {
      ttl: { type: 'string', format: 'timer' },
      reminder: { type: 'string', format: 'timer' },
      deployedAt: { type: 'string', format: 'date-time' },
    },
    required: [],
  },
  relations: {},
};

describe('timerSchedules', () => {
  it('arms every timer property holding a date-time, and only those', () => {
    expect(
      timerSchedules(blueprint, {
        ttl: '2026-01-28T10:00:00Z',
        reminder: '2026-01-28T12:00:00+02:00',
        deployedAt: '2026-01-28T10:00:00Z',
      }),
    ).toEqual([
      { property: 'ttl', dueAt: new Date('2026-01-28T10:00:00Z') },
      { property: 'reminder', dueAt: new Date('2026-01-28T10:00:00Z') },
    ]);
  });

  it('arms nothing for unset or malformed timers', () => {
    expect(timerSchedules(blueprint, { reminder: 'soon' })).toEqual([]);
    expect(timerSchedules(blueprint, {})).toEqual([]);
  });
});
