import { maintenanceOf, REANALYZE_AFTER_MS } from './table-maintenance';

describe('maintenanceOf (autovacuum default rules)', () => {
  const table = { table: 't', live: 1_000, dead: 0, changedSinceAnalyze: 0, msSinceAnalyze: null };

  it('leaves a table alone below both thresholds', () => {
    expect(maintenanceOf({ ...table, dead: 250, changedSinceAnalyze: 150 })).toEqual([]);
  });

  it('vacuums past 50 dead rows plus 20% of the live ones', () => {
    expect(maintenanceOf({ ...table, dead: 251 })).toEqual(['VACUUM']);
  });

  it('analyzes past 50 changed rows plus 10% of the live ones', () => {
    expect(maintenanceOf({ ...table, changedSinceAnalyze: 151 })).toEqual(['ANALYZE']);
  });

  it('does both for a small table that is only inserted into and deleted from', () => {
    expect(maintenanceOf({ ...table, live: 3, dead: 400, changedSinceAnalyze: 800 })).toEqual([
      'VACUUM',
      'ANALYZE',
    ]);
  });

  it('analyzes a table analyzed before at most once a minute', () => {
    const busy = { ...table, changedSinceAnalyze: 5_000 };
    expect(maintenanceOf({ ...busy, msSinceAnalyze: REANALYZE_AFTER_MS - 1 })).toEqual([]);
    expect(maintenanceOf({ ...busy, msSinceAnalyze: REANALYZE_AFTER_MS })).toEqual(['ANALYZE']);
  });
});
