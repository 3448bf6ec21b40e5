import type { Ast, BinaryOperator } from './ast';

/**
 * jq 1.8.2's operator table as its parser resolves it (src/parser.y), loosest first: `|` (right),
 * `,` (left), `E as $x | body` (the source is everything tighter than `,`; the body runs to the end),
 * `//` (right), the assignment operators (not supported), `or`, `and`, comparisons (non-associative),
 * `+ -`, `* / %`, then unary minus, postfix `?` and `try`, whose body and handler are postfix terms.
 */
export const BINARY: Record<string, { prec: number; assoc: 'left' | 'right' | 'none' }> = {
  '|': { prec: 10, assoc: 'right' },
  ',': { prec: 20, assoc: 'left' },
  '//': { prec: 30, assoc: 'right' },
  or: { prec: 50, assoc: 'left' },
  and: { prec: 60, assoc: 'left' },
  '==': { prec: 70, assoc: 'none' },
  '!=': { prec: 70, assoc: 'none' },
  '<': { prec: 70, assoc: 'none' },
  '<=': { prec: 70, assoc: 'none' },
  '>': { prec: 70, assoc: 'none' },
  '>=': { prec: 70, assoc: 'none' },
  '+': { prec: 80, assoc: 'left' },
  '-': { prec: 80, assoc: 'left' },
  '*': { prec: 90, assoc: 'left' },
  '/': { prec: 90, assoc: 'left' },
  '%': { prec: 90, assoc: 'left' },
};
export const AS_PREC = 25;
export const ASSIGNMENT_PREC = 40;
export const ASSIGNMENTS = new Set(['=', '|=', '+=', '-=', '*=', '/=', '%=', '//=']);

/** Object values in jq 1.8.2 take any expression except `,` (it separates pairs) and `as`. */
export interface Context {
  objectValue: boolean;
}
export const FULL: Context = { objectValue: false };
export const OBJECT_VALUE: Context = { objectValue: true };

/** An expression that does not read its input, variables or functions (jq may fold it). */
export function isConstant(ast: Ast): boolean {
  switch (ast.k) {
    case 'literal':
      return true;
    case 'array':
      return !ast.body || isConstant(ast.body);
    case 'object':
      return ast.entries.every((e) => e.value !== undefined && isConstant(e.key) && isConstant(e.value));
    case 'string':
      return ast.parts.every((p) => typeof p === 'string' || isConstant(p));
    case 'negate':
      return isConstant(ast.operand);
    case 'pipe':
    case 'comma':
    case 'alternative':
    case 'and':
    case 'or':
    case 'binary':
      return isConstant(ast.left) && isConstant(ast.right);
    case 'if':
      return isConstant(ast.condition) && isConstant(ast.then) && isConstant(ast.otherwise);
    case 'try':
      return isConstant(ast.body) && (!ast.handler || isConstant(ast.handler));
    default:
      return false;
  }
}

export function literal(value: string | number | boolean | null): Ast {
  return { k: 'literal', value };
}

export function combine(op: string, left: Ast, right: Ast): Ast {
  switch (op) {
    case '|':
      return { k: 'pipe', left, right };
    case ',':
      return { k: 'comma', left, right };
    case '//':
      return { k: 'alternative', left, right };
    case 'and':
      return { k: 'and', left, right };
    case 'or':
      return { k: 'or', left, right };
    default:
      return { k: 'binary', op: op as BinaryOperator, left, right };
  }
}
