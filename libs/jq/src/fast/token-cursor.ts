import type { Token } from './lexer';
import { notSure } from './not-sure';

/** Reading position over a token list, for the parser. */
export class TokenCursor {
  protected pos = 0;

  constructor(private readonly tokens: Token[]) {}

  protected peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }

  protected next(): Token {
    const token = this.peek();
    this.pos += 1;
    return token;
  }

  protected isOp(op: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.t === 'op' && token.op === op;
  }

  protected isKw(name: string): boolean {
    const token = this.peek();
    return token.t === 'kw' && token.name === name;
  }

  protected expectOp(op: string): void {
    if (!this.isOp(op)) notSure(`expected ${op}`);
    this.pos += 1;
  }

  protected expectKw(name: string): void {
    if (!this.isKw(name)) notSure(`expected ${name}`);
    this.pos += 1;
  }
}
