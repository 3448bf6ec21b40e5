import { type StartedContainers } from './containers';

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as { __flowlineContainers?: StartedContainers }).__flowlineContainers;
  if (started) await started.stop();
}
