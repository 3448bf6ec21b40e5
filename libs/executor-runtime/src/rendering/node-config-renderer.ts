import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { JqEngine, JqError } from '@flowline/jq';
import { RUNTIME_SETTINGS, type RuntimeSettings } from '../runtime-settings';

/** A `{{ }}` template of the node config failed: where (`path`), which expression, and jq's message. */
export class TemplateRenderError extends Error {
  readonly code = 'TEMPLATE_ERROR';

  constructor(
    readonly path: string,
    readonly expression: string,
    readonly jqCode: string,
    jqMessage: string,
  ) {
    super(`template error at ${path || '(config)'} in {{ ${expression} }}: ${jqMessage}`);
  }
}

/** Renders a node's config with `@flowline/jq` (DESIGN.md §4: context = run context + `secrets`). */
@Injectable()
export class NodeConfigRenderer implements OnApplicationShutdown {
  private readonly jq: JqEngine;

  constructor(@Inject(RUNTIME_SETTINGS) settings: RuntimeSettings) {
    this.jq = new JqEngine({ poolSize: settings.jqPoolSize, timeoutMs: settings.jqTimeoutMs });
  }

  async render(config: Record<string, unknown>, context: object): Promise<Record<string, unknown>> {
    let rendered: unknown;
    try {
      rendered = await this.jq.renderTemplate(config, context);
    } catch (error) {
      if (error instanceof JqError)
        throw new TemplateRenderError(error.path ?? '', error.expression, error.code, error.message);
      throw error;
    }
    return rendered as Record<string, unknown>;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.jq.close();
  }
}
