import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { REPO_ROOT } from '@flowline/system-runner';

/** Where browser tests leave their screenshots (git-ignored). */
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'apps', 'e2e', 'artifacts', 'console');

/** Debian's Chromium, headless; never a downloaded browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A node of the drawn graph, by its data-state (succeeded, failed, running, waiting, skipped, not-reached). */
export function graphNode(page: Page, node: string) {
  return page.locator(`[data-testid="node-${node}"]`);
}

/** Waits until the drawn node shows `state`. */
export async function waitForNodeState(
  page: Page,
  node: string,
  state: string,
  timeout = 60_000,
): Promise<void> {
  await page.waitForSelector(`[data-testid="node-${node}"][data-state="${state}"]`, {
    timeout,
    state: 'attached',
  });
}
