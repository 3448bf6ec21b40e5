import Form from '@rjsf/core';
import type { ErrorSchema, RJSFSchema, UiSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { useMemo, useState } from 'react';
import type { FieldProblem, Workflow } from '../api/types';
import { fieldErrorsOf, inputSchemaOf } from './input-schema';

interface Props {
  workflow: Workflow;
  problems: FieldProblem[];
  submitLabel: string;
  onSubmit: (inputs: Record<string, unknown>) => void;
  onDryRun?: (inputs: Record<string, unknown>) => void;
}

/**
 * The form of a workflow's self-service trigger, generated from its `userInputs` (JSON Schema). The
 * API decides what is valid (it knows entity formats, defaults from JQ and more), so its 422 problems
 * are shown at their fields rather than checked twice.
 */
export function InputForm({ workflow, problems, submitLabel, onSubmit, onDryRun }: Props) {
  const { schema, uiSchema } = useMemo(() => inputSchemaOf(workflow), [workflow]);
  const [formData, setFormData] = useState<Record<string, unknown>>({});
  const extraErrors = useMemo(() => fieldErrorsOf(problems) as ErrorSchema, [problems]);
  if (!schema) return <p className="muted">This workflow has no self-service trigger.</p>;
  return (
    <Form
      schema={schema as RJSFSchema}
      uiSchema={uiSchema as UiSchema}
      validator={validator}
      formData={formData}
      onChange={(event) => setFormData((event.formData ?? {}) as Record<string, unknown>)}
      onSubmit={(event) => onSubmit((event.formData ?? {}) as Record<string, unknown>)}
      extraErrors={extraErrors}
      noValidate
      noHtml5Validate
      showErrorList={false}
    >
      <div className="form-actions">
        <button type="submit" data-testid="submit-run">
          {submitLabel}
        </button>
        {onDryRun && (
          <button type="button" data-testid="dry-run" onClick={() => onDryRun(formData)}>
            Dry-run
          </button>
        )}
      </div>
    </Form>
  );
}
