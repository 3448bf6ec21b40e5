// Sums the jest JSON reports of every project and tier into one closing line that CI reads:
// "N passed, N failed" (and ", N skipped" when some were skipped).
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2] ?? 'tmp/test-results';
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
  if (!file.endsWith('.json')) continue;
  const report = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  // A suite that failed to run (syntax error, failing hook) has no failed test but must still count.
  for (const suite of report.testResults) {
    if (suite.status === 'failed' && suite.assertionResults.every((a) => a.status !== 'failed')) {
      totals.failed += 1;
      failures.push(`${path.relative(process.cwd(), suite.name)} (suite failed to run)`);
    }
    for (const a of suite.assertionResults) if (a.status === 'failed') failures.push(a.fullName);
  }
}
if (failures.length > 0) console.log(`\nfailed tests:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : '';
console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
