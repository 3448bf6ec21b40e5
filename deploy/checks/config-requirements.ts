import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The repository root (deploy/checks → ..). */
export const REPO_ROOT = path.resolve(__dirname, '../..');

/** The apps that run as services: every folder under apps/ with a `<app>.config.ts` (not apps/e2e). */
export function serviceApps(): string[] {
  return fs
    .readdirSync(path.join(REPO_ROOT, 'apps'))
    .filter((app) => fs.existsSync(path.join(REPO_ROOT, 'apps', app, 'src', `${app}.config.ts`)))
    .sort();
}

export function hasMigrations(app: string): boolean {
  return fs.existsSync(path.join(REPO_ROOT, 'apps', app, 'src', 'migrate.ts'));
}

interface ConfigProperty {
  name: string;
  required: boolean;
}

/**
 * The environment variables an app's config class (`apps/<app>/src/<app>.config.ts`, with the classes it
 * extends, e.g. ServiceConfig) requires: properties without a default that are neither `?`,
 * `@IsOptional()` nor conditional (`@ValidateIf`). A subclass's default (`override PORT = 3000`) makes a
 * base class's required property optional. Read from the sources, as `loadConfig` would validate them.
 */
export function requiredVariables(app: string): string[] {
  const file = path.join(REPO_ROOT, 'apps', app, 'src', `${app}.config.ts`);
  const source = parse(file);
  const configClass = source.statements.find(
    (statement): statement is ts.ClassDeclaration =>
      ts.isClassDeclaration(statement) && Boolean(statement.heritageClauses) && isExported(statement),
  );
  if (!configClass) throw new Error(`${file}: no exported config class`);
  const properties = new Map<string, ConfigProperty>();
  for (const property of classChain(configClass, file).flatMap(propertiesOf)) {
    properties.set(property.name, property);
  }
  return [...properties.values()]
    .filter((property) => property.required)
    .map((property) => property.name)
    .sort();
}

/** The class and the classes it extends, base first. */
function classChain(declaration: ts.ClassDeclaration, file: string): ts.ClassDeclaration[] {
  const base = declaration.heritageClauses
    ?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)
    ?.types[0]?.expression.getText();
  if (!base) return [declaration];
  const located = findClass(base, file);
  return [...classChain(located.declaration, located.file), declaration];
}

/** A class named in `file`: declared there, or imported from a relative path or a `@flowline/<lib>`. */
function findClass(name: string, file: string): { declaration: ts.ClassDeclaration; file: string } {
  const source = parse(file);
  const local = classIn(source, name);
  if (local) return { declaration: local, file };
  const specifier = source.statements
    .filter(ts.isImportDeclaration)
    .find((statement) => importsName(statement, name))
    ?.moduleSpecifier.getText(source)
    .slice(1, -1);
  if (!specifier) throw new Error(`${file}: cannot find where ${name} comes from`);
  const lib = /^@flowline\/([a-z0-9-]+)$/.exec(specifier);
  const candidates = lib
    ? sourceFiles(path.join(REPO_ROOT, 'libs', lib[1], 'src'))
    : [path.resolve(path.dirname(file), `${specifier}.ts`)];
  for (const candidate of candidates) {
    const declaration = classIn(parse(candidate), name);
    if (declaration) return { declaration, file: candidate };
  }
  throw new Error(`${file}: class ${name} not found in ${specifier}`);
}

function propertiesOf(declaration: ts.ClassDeclaration): ConfigProperty[] {
  return declaration.members.filter(ts.isPropertyDeclaration).flatMap((member) => {
    const name = member.name.getText();
    if (!/^[A-Z][A-Z0-9_]*$/.test(name)) return [];
    const decorators = (ts.getDecorators(member) ?? []).map((decorator) =>
      decorator.expression.getText().replace(/\(.*$/s, ''),
    );
    const optional =
      Boolean(member.initializer) ||
      Boolean(member.questionToken) ||
      decorators.includes('IsOptional') ||
      decorators.includes('ValidateIf');
    return [{ name, required: !optional }];
  });
}

const parsed = new Map<string, ts.SourceFile>();
function parse(file: string): ts.SourceFile {
  let source = parsed.get(file);
  if (!source) {
    source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    parsed.set(file, source);
  }
  return source;
}

function classIn(source: ts.SourceFile, name: string): ts.ClassDeclaration | undefined {
  return source.statements.find(
    (statement): statement is ts.ClassDeclaration =>
      ts.isClassDeclaration(statement) && statement.name?.text === name,
  );
}

function importsName(statement: ts.ImportDeclaration, name: string): boolean {
  const bindings = statement.importClause?.namedBindings;
  return Boolean(
    bindings &&
    ts.isNamedImports(bindings) &&
    bindings.elements.some((element) => element.name.text === name),
  );
}

function isExported(statement: ts.ClassDeclaration): boolean {
  return Boolean(statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword));
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('spec.ts') ? [full] : [];
  });
}
