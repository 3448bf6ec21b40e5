import { createHmac, randomUUID } from 'node:crypto';

/** GitHub's `X-Hub-Signature-256` value for a body: `sha256=` + hex HMAC-SHA256 with the webhook secret. */
export function signGitHubWebhook(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface WebhookDeliveryResult {
  status: number;
  body: unknown;
}

/**
 * POSTs a webhook as GitHub delivers it: JSON body, `X-GitHub-Event`, `X-GitHub-Delivery`, and the body's
 * signature (or the given `signature`, to send a wrong one).
 */
export async function deliverGitHubWebhook(
  url: string,
  event: string,
  payload: object,
  options: { secret: string; signature?: string },
): Promise<WebhookDeliveryResult> {
  const body = JSON.stringify(payload);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/flowline-test',
      'x-github-event': event,
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': options.signature ?? signGitHubWebhook(options.secret, body),
    },
    body,
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed };
}
