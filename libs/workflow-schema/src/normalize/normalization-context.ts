import { JsonObject, jsonEquals } from '../json';
import { childPath } from '../paths';
import { Problem, ProblemCode, problem } from '../problems';

/** Where a canonical path's value came from when the client spelled it differently. */
export interface PathAlias {
  /** The canonical path, e.g. `nodes[1].config.options`. */
  path: string;
  /** What the client sent, e.g. `nodes[1].config.outlets`. */
  originalPath: string;
}

export class NormalizationContext {
  readonly aliases: PathAlias[] = [];
  readonly problems: Problem[] = [];

  alias(path: string, originalPath: string): void {
    if (path !== originalPath) this.aliases.push({ path, originalPath });
  }

  report(path: string, code: ProblemCode, message: string): void {
    this.problems.push(problem(path, code, message));
  }

  /**
   * Moves `object[from]` to `object[to]`. When both spellings are present with different values the
   * canonical one wins and the conflict is reported, since guessing which the client meant is unsafe.
   */
  rename(object: JsonObject, from: string, to: string, objectPath: string): void {
    if (!(from in object)) return;
    const value = object[from];
    delete object[from];
    if (to in object) {
      if (!jsonEquals(object[to], value)) {
        this.report(
          childPath(objectPath, from),
          ProblemCode.CONFLICTING_ALIASES,
          `${from} and ${to} are two spellings of one field and disagree; send only ${to}`,
        );
      }
      return;
    }
    object[to] = value;
    this.alias(childPath(objectPath, to), childPath(objectPath, from));
  }
}
