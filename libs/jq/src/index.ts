export { checkJqSyntax } from './syntax/check-jq-syntax';
export { findTemplates, type TemplatePart, type TemplateScan } from './template/find-templates';
export { JqEngine } from './engine/jq-engine';
export type { JqEngineOptions } from './engine/jq-engine-options';
export type { Outcome as JqOutcome } from './engine/outcome';
export {
  JqError,
  JqCompileError,
  JqRuntimeError,
  JqTimeoutError,
  JqLimitError,
  type JqErrorCode,
} from './errors';
