import type { Ast } from './ast';
import {
  AS_PREC,
  ASSIGNMENT_PREC,
  ASSIGNMENTS,
  BINARY,
  type Context,
  FULL,
  OBJECT_VALUE,
  combine,
  isConstant,
  literal,
} from './grammar';
import { tokenize } from './lexer';
import { notSure } from './not-sure';
import { TokenCursor } from './token-cursor';

/**
 * Parses the fast path's subset of jq 1.8.2's grammar (src/parser.y) into an Ast. It accepts only what
 * jq accepts with the same meaning; anything else, including jq syntax errors, gives up (NotSure) so
 * the reference engine answers with jq's own result or error. Operator binding: see grammar.ts.
 */
export function parseJq(source: string): Ast {
  return new Parser(tokenize(source)).parseProgram();
}

class Parser extends TokenCursor {
  parseProgram(): Ast {
    const ast = this.parseExp(0, FULL);
    if (this.peek().t !== 'eof') notSure('unexpected token');
    return ast;
  }

  private binaryOperator(): string | undefined {
    const token = this.peek();
    if (token.t === 'op') return token.op;
    if (token.t === 'kw' && (token.name === 'and' || token.name === 'or' || token.name === 'as')) {
      return token.name;
    }
    return undefined;
  }

  private parseExp(minPrec: number, ctx: Context): Ast {
    let left = this.parseUnary(ctx);
    for (;;) {
      const op = this.binaryOperator();
      if (op === undefined) return left;
      if (op === 'as') {
        if (ctx.objectValue) notSure('`as` in an object value');
        if (AS_PREC < minPrec) return left;
        this.pos += 1;
        const variable = this.next();
        if (variable.t !== 'var') notSure('destructuring');
        this.expectOp('|');
        left = { k: 'bind', source: left, name: variable.name, body: this.parseExp(0, ctx) };
        continue;
      }
      if (ASSIGNMENTS.has(op)) {
        if (ASSIGNMENT_PREC >= minPrec) notSure('assignment');
        return left;
      }
      const info = BINARY[op];
      if (!info || info.prec < minPrec) return left;
      if (op === ',' && ctx.objectValue) return left;
      this.pos += 1;
      const right = this.parseExp(info.assoc === 'right' ? info.prec : info.prec + 1, ctx);
      left = combine(op, left, right);
      if (info.assoc === 'none') {
        const following = this.binaryOperator();
        if (following !== undefined && BINARY[following]?.prec === info.prec) notSure('chained comparison');
      }
    }
  }

  private parseUnary(ctx: Context): Ast {
    if (this.isOp('-')) {
      this.pos += 1;
      // jq 1.8.2 binds unary minus tighter than any binary operator: `-1 * x` is (-1) * x.
      return { k: 'negate', operand: this.parseUnary(ctx) };
    }
    return this.parsePostfix();
  }

  private parsePostfix(): Ast {
    const start = this.peek();
    let term = this.parsePrimary();
    if (start.t === 'kw' && start.name === 'try') {
      if (this.startsPostfix()) notSure('postfix after try');
      return term;
    }
    // `.a?` and `."a"?` make that one index optional; `(.a.b)?` is `try (.a.b)`.
    let lastWasIndex = start.t === 'field' || (start.t === 'op' && start.op === '.' && term.k === 'index');
    for (;;) {
      const token = this.peek();
      if (token.t === 'field') {
        this.pos += 1;
        term = { k: 'index', target: term, key: literal(token.name), optional: false };
      } else if (this.isOp('.') && this.peek(1).t === 'qqStart') {
        this.pos += 1;
        term = { k: 'index', target: term, key: this.parseString(), optional: false };
      } else if (this.isOp('.') && this.isOp('[', 1)) {
        this.pos += 1;
        term = this.parseBracket(term);
      } else if (this.isOp('[')) {
        term = this.parseBracket(term);
      } else if (this.isOp('?')) {
        this.pos += 1;
        if (lastWasIndex && (term.k === 'index' || term.k === 'iterate') && !term.optional) {
          term = { ...term, optional: true };
          lastWasIndex = false;
          continue;
        }
        // `E?` on anything else is `try E`; jq's handling of what may follow it is not worth copying.
        if (this.startsPostfix()) notSure('postfix after ?');
        return { k: 'try', body: term, handler: undefined };
      } else {
        return term;
      }
      lastWasIndex = true;
    }
  }

  private startsPostfix(): boolean {
    return this.peek().t === 'field' || this.isOp('.') || this.isOp('[') || this.isOp('?');
  }

  private parseBracket(target: Ast): Ast {
    this.expectOp('[');
    if (this.isOp(']')) {
      this.pos += 1;
      return { k: 'iterate', target, optional: false };
    }
    const key = this.parseExp(0, FULL);
    if (!this.isOp(']')) notSure('slices');
    this.pos += 1;
    return { k: 'index', target, key, optional: false };
  }

  private parsePrimary(): Ast {
    const token = this.next();
    switch (token.t) {
      case 'num':
        return literal(token.value);
      case 'qqStart':
        this.pos -= 1;
        return this.parseString();
      case 'field':
        return { k: 'index', target: { k: 'identity' }, key: literal(token.name), optional: false };
      case 'var':
        return { k: 'variable', name: token.name };
      case 'ident':
        return this.parseCall(token.name);
      case 'kw':
        if (token.name === 'if') return this.parseIf();
        if (token.name === 'try') return this.parseTry();
        return notSure(`keyword ${token.name}`);
      case 'op':
        return this.parseOperatorPrimary(token.op);
      default:
        return notSure('unexpected token');
    }
  }

  private parseOperatorPrimary(op: string): Ast {
    if (op === '.') {
      if (this.peek().t === 'qqStart') {
        return { k: 'index', target: { k: 'identity' }, key: this.parseString(), optional: false };
      }
      return { k: 'identity' };
    }
    if (op === '(') {
      const inner = this.parseExp(0, FULL);
      this.expectOp(')');
      return inner;
    }
    if (op === '[') {
      if (this.isOp(']')) {
        this.pos += 1;
        return { k: 'array', body: undefined };
      }
      const body = this.parseExp(0, FULL);
      this.expectOp(']');
      return { k: 'array', body };
    }
    if (op === '{') return this.parseObject();
    return notSure(`unexpected ${op}`);
  }

  private parseCall(name: string): Ast {
    if (name === 'null') return literal(null);
    if (name === 'true') return literal(true);
    if (name === 'false') return literal(false);
    const args: Ast[] = [];
    if (this.isOp('(')) {
      this.pos += 1;
      for (;;) {
        args.push(this.parseExp(0, FULL));
        if (this.isOp(';')) {
          this.pos += 1;
          continue;
        }
        this.expectOp(')');
        break;
      }
    }
    return { k: 'call', name, args };
  }

  private parseIf(): Ast {
    const condition = this.parseExp(0, FULL);
    this.expectKw('then');
    const then = this.parseExp(0, FULL);
    if (this.isKw('elif')) {
      this.pos += 1;
      return { k: 'if', condition, then, otherwise: this.parseIf() };
    }
    if (this.isKw('else')) {
      this.pos += 1;
      const otherwise = this.parseExp(0, FULL);
      this.expectKw('end');
      return { k: 'if', condition, then, otherwise };
    }
    this.expectKw('end');
    return { k: 'if', condition, then, otherwise: { k: 'identity' } };
  }

  private parseTry(): Ast {
    if (this.isOp('-')) notSure('try -E');
    const body = this.parsePostfix();
    if (this.isKw('as')) notSure('try E as');
    if (!this.isKw('catch')) return { k: 'try', body, handler: undefined };
    this.pos += 1;
    if (this.isOp('-')) notSure('catch -E');
    const handler = this.parsePostfix();
    if (this.isKw('as')) notSure('catch E as');
    return { k: 'try', body, handler };
  }

  private parseString(): Ast {
    if (this.next().t !== 'qqStart') notSure('expected a string');
    const parts: Array<string | Ast> = [];
    for (;;) {
      const token = this.next();
      if (token.t === 'qqEnd') break;
      if (token.t === 'qqText') {
        parts.push(token.text);
      } else if (token.t === 'interpStart') {
        parts.push(this.parseExp(0, FULL));
        if (this.next().t !== 'interpEnd') notSure('bad interpolation');
      } else {
        notSure('bad string');
      }
    }
    if (parts.every((p) => typeof p === 'string')) return literal(parts.join(''));
    return { k: 'string', parts };
  }

  private parseObject(): Ast {
    const entries: Array<{ key: Ast; value: Ast | undefined }> = [];
    while (!this.isOp('}')) {
      entries.push(this.parseObjectEntry());
      if (this.isOp(',')) {
        this.pos += 1;
        continue;
      }
      if (!this.isOp('}')) notSure('bad object');
    }
    this.pos += 1;
    return { k: 'object', entries };
  }

  /** An entry without a value (`{a}`, `{"a b"}`) takes the input's value under that key. */
  private parseObjectEntry(): { key: Ast; value: Ast | undefined } {
    const token = this.peek();
    if (token.t === 'ident' || token.t === 'kw') {
      this.pos += 1;
      const key = literal(token.name);
      return { key, value: this.parseObjectValue() };
    }
    if (token.t === 'var') {
      this.pos += 1;
      const variable: Ast = { k: 'variable', name: token.name };
      const value = this.parseObjectValue();
      return value ? { key: variable, value } : { key: literal(token.name), value: variable };
    }
    if (token.t === 'qqStart') {
      const key = this.parseString();
      return { key, value: this.parseObjectValue() };
    }
    if (this.isOp('(')) {
      this.pos += 1;
      const key = this.parseExp(0, FULL);
      this.expectOp(')');
      // jq folds constant keys at compile time and rejects non-string ones there; leave those to it.
      if (isConstant(key)) notSure('constant computed key');
      const value = this.parseObjectValue();
      if (!value) notSure('computed key without a value');
      return { key, value };
    }
    return notSure('unsupported object key');
  }

  private parseObjectValue(): Ast | undefined {
    if (!this.isOp(':')) return undefined;
    this.pos += 1;
    return this.parseExp(0, OBJECT_VALUE);
  }
}
