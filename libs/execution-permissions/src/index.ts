export { type Caller, isAdmin, userFacts } from './caller';
export { decideExecution, type ExecutionDecision, type Permissions } from './decide-execution';
export {
  evaluatePolicy,
  type EntitySearch,
  InvalidPolicyError,
  type PolicyOutcome,
  type PolicyPorts,
} from './policy';
