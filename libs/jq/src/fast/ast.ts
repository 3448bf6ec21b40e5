import type { Json } from './json';

/** The jq subset the fast path compiles. Each node mirrors the jq construct of the same name. */
export type Ast =
  | { k: 'identity' }
  | { k: 'literal'; value: Json }
  /** `target[key]`: jq evaluates `key` against the same input as `target`, before it. */
  | { k: 'index'; target: Ast; key: Ast; optional: boolean }
  | { k: 'iterate'; target: Ast; optional: boolean }
  | { k: 'pipe'; left: Ast; right: Ast }
  | { k: 'comma'; left: Ast; right: Ast }
  | { k: 'alternative'; left: Ast; right: Ast }
  | { k: 'and'; left: Ast; right: Ast }
  | { k: 'or'; left: Ast; right: Ast }
  | { k: 'binary'; op: BinaryOperator; left: Ast; right: Ast }
  | { k: 'negate'; operand: Ast }
  | { k: 'if'; condition: Ast; then: Ast; otherwise: Ast }
  | { k: 'try'; body: Ast; handler: Ast | undefined }
  | { k: 'array'; body: Ast | undefined }
  /** An entry without a value (`{a}`) takes the input's value under its key. */
  | { k: 'object'; entries: Array<{ key: Ast; value: Ast | undefined }> }
  | { k: 'string'; parts: Array<string | Ast> }
  | { k: 'variable'; name: string }
  | { k: 'bind'; source: Ast; name: string; body: Ast }
  | { k: 'call'; name: string; args: Ast[] };

export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=';
