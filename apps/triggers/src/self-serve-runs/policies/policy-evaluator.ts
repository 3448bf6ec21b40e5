import { Injectable, Logger } from '@nestjs/common';
import { type Caller, evaluatePolicy, InvalidPolicyError } from '@flowline/execution-permissions';
import { JqEngine } from '@flowline/jq';
import { CatalogSearchClient } from './catalog-search.client';

export type PolicyVerdict = { admitted: true } | { admitted: false; reason: string };

/**
 * Dynamic `policy` permissions: the queries run against the catalog with this service's credentials,
 * the conditions in this service's JQ engine. Any one policy that admits the caller lets it in.
 */
@Injectable()
export class PolicyEvaluator {
  private readonly logger = new Logger(PolicyEvaluator.name);

  constructor(
    private readonly jq: JqEngine,
    private readonly catalog: CatalogSearchClient,
  ) {}

  async admits(
    orgId: string,
    policies: Record<string, unknown>[],
    caller: Caller,
    inputs: Record<string, unknown>,
  ): Promise<PolicyVerdict> {
    if (!this.catalog.configured)
      return { admitted: false, reason: 'policies cannot be evaluated (no catalog)' };
    const reasons: string[] = [];
    for (const policy of policies) {
      try {
        const outcome = await evaluatePolicy(policy, caller, inputs, {
          render: (value, context) => this.jq.renderTemplate(value, context),
          evaluate: (expression, input) => this.jq.evaluateFirst(expression, input),
          searchEntities: (blueprint, search) => this.catalog.search(orgId, blueprint, search),
        });
        if (outcome.admitted) return outcome;
        reasons.push(outcome.reason);
      } catch (error) {
        if (!(error instanceof InvalidPolicyError)) throw error;
        this.logger.warn({
          message: `a policy cannot be evaluated: ${error.message}`,
          orgId,
          path: error.path,
        });
        reasons.push(error.message);
      }
    }
    return { admitted: false, reason: reasons.join('; ') };
  }
}
