import { type ApiBodyOptions } from '@nestjs/swagger';

/**
 * The OpenAPI description of a workflow body. The body is validated by `@flowline/workflow-schema`
 * (which reports every problem with its path), not by a DTO, because it accepts every spelling Port
 * has used (reference §13).
 */
export const WORKFLOW_BODY: ApiBodyOptions = {
  description: 'A workflow definition (Port Workflows JSON, reference §2); every Port spelling is accepted.',
  schema: {
    type: 'object',
    required: ['identifier', 'nodes'],
    properties: {
      identifier: { type: 'string', maxLength: 60, pattern: '^[\\p{L}0-9@_:-]+$' },
      title: { type: 'string', nullable: true },
      icon: { type: 'string', nullable: true },
      description: { type: 'string', nullable: true },
      allowAnyoneToViewRuns: { type: 'boolean', default: true },
      nodes: { type: 'array', items: { type: 'object', required: ['identifier', 'config'] } },
      connections: {
        type: 'array',
        items: { type: 'object', required: ['sourceIdentifier', 'targetIdentifier'] },
      },
    },
  },
};
