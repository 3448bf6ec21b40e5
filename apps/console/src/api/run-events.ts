/** One server-sent event: its name and its parsed JSON data. */
export interface StreamedEvent {
  event: string;
  data: unknown;
}

/**
 * Splits a text/event-stream into events (the subset the API sends: `event:` and one `data:` line,
 * comments for heartbeats). Returns the events complete so far and the unfinished rest.
 */
export function parseEventStream(buffer: string): { events: StreamedEvent[]; rest: string } {
  const events: StreamedEvent[] = [];
  const blocks = buffer.split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let event = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice('event:'.length).trim();
      else if (line.startsWith('data:')) data += line.slice('data:'.length).trim();
    }
    if (!data) continue;
    try {
      events.push({ event, data: JSON.parse(data) });
    } catch {
      events.push({ event, data });
    }
  }
  return { events, rest };
}

/** Reads a response body as server-sent events until it ends or the signal aborts. */
export async function readEvents(response: Response, onEvent: (event: StreamedEvent) => void): Promise<void> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    const parsed = parseEventStream(buffer + decoder.decode(value, { stream: true }));
    buffer = parsed.rest;
    parsed.events.forEach(onEvent);
  }
}
