import { ensureBuilt } from './build-output';

/** Jest global setup of apps/e2e: one build per run, before any test file starts processes. */
export default function globalSetup(): void {
  ensureBuilt();
}
