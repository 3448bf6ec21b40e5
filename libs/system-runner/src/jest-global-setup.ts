import { ensureBuilt } from './build-output';

/** Jest global setup for test runs that start services from dist/: one build per run, before any test. */
export default function globalSetup(): void {
  ensureBuilt();
}
