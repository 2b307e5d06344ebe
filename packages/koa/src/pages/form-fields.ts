import type { ErrorDetail } from '@plugboard/core';

/** One input of a credentials form, read from the provider's JSON Schema of fields. */
export interface FormField {
  name: string;
  label: string;
  /** Shown masked and never echoed back after a failed submit. */
  secret: boolean;
  required: boolean;
  maxLength: number | undefined;
}

/** What a failed submit shows: messages next to their field, and those about the form as a whole. */
export interface FormErrors {
  fields: Record<string, string>;
  form: string[];
}

const SECRET_NAME = /key|secret|password|token/i;

/** The inputs of a fields schema (`{ type: 'object', properties, required }`), in the schema's order. */
export function formFields(schema: Record<string, unknown>): FormField[] {
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    label: textOf(property.title) ?? textOf(property.description) ?? humanize(name),
    secret: SECRET_NAME.test(name) || property.writeOnly === true,
    required: required.has(name),
    maxLength: typeof property.maxLength === 'number' ? property.maxLength : undefined,
  }));
}

/**
 * Sorts an engine error onto the form: details at `credentials.<field>` go next to that field (an empty one
 * just says it is required); anything else (a provider's rejection names `credentials` as a whole) is about
 * the form, and shows the error's sentence.
 */
export function formErrors(
  fields: FormField[],
  values: Record<string, string>,
  error: { message: string; details?: ErrorDetail[] | undefined },
): FormErrors {
  const byName = new Map(fields.map((field) => [field.name, field]));
  const errors: FormErrors = { fields: {}, form: [] };
  let aboutForm = !error.details?.length;
  for (const detail of error.details ?? []) {
    const field = detail.path.startsWith('credentials.') && byName.get(detail.path.slice('credentials.'.length));
    if (!field) aboutForm = true;
    else errors.fields[field.name] ??= values[field.name] ? sentence(detail.message) : `${field.label} is required.`;
  }
  if (aboutForm) errors.form.push(error.message);
  return errors;
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

// apiKey, api_key and api-key all read "Api key".
function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
