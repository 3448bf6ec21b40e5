import { Injectable } from '@nestjs/common';
import { type UserInputs } from '@flowline/workflow-schema';
import { WorkflowsClient } from '../definitions/workflows.client';

/** The inputs a form marks secret (`encryption: "aes256-gcm"`). */
export function secretInputNames(userInputs: UserInputs): string[] {
  return Object.entries(userInputs.properties ?? {})
    .filter(([, input]) => (input as { encryption?: string }).encryption === 'aes256-gcm')
    .map(([name]) => name);
}

/**
 * Seals a submission's secret inputs through the workflows service (which holds the key) before the
 * run request is written: from then on only an executor rendering a node can read them. A value that is
 * not a string is sealed as its JSON text.
 */
@Injectable()
export class SecretInputSealer {
  constructor(private readonly workflows: WorkflowsClient) {}

  async seal(
    orgId: string,
    userInputs: UserInputs,
    inputs: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const names = secretInputNames(userInputs).filter(
      (name) => inputs[name] !== undefined && inputs[name] !== null,
    );
    if (names.length === 0) return inputs;
    const values = names.map((name) =>
      typeof inputs[name] === 'string' ? inputs[name] : JSON.stringify(inputs[name]),
    );
    const sealed = await this.workflows.seal(orgId, values);
    const result = { ...inputs };
    names.forEach((name, i) => {
      result[name] = sealed[i];
    });
    return result;
  }
}
