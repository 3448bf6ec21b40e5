import { Allow } from 'class-validator';

/**
 * A nested object stored as given, with no fields of its own to check (e.g. the execution properties
 * of a GitLab integration action, whose shape the reference does not document). Structural validation
 * does not report its keys as unknown (see validation/structure.ts).
 */
export class OpenObject {
  // One whitelisted property so class-validator treats the class as known rather than refusing it.
  @Allow()
  readonly storedAsGiven?: never;
}
