import type { ConnectSessionView } from '@plugboard/core';
import { escapeHtml, type Page } from '../html.js';
import { type FormErrors, type FormField, formFields } from './form-fields.js';

/** What a credentials form shows again after a failed submit. */
export interface FormState {
  errors: FormErrors;
  /** What the user typed; secret fields are never echoed back. */
  values: Record<string, string>;
}

/**
 * The hosted connect page: the provider, the access asked for, and either a link on to the provider's consent
 * page (oauth2) or a form for typed-in credentials, posting to `action`.
 */
export function connectPage(view: ConnectSessionView, action: string, state?: FormState): Page {
  const provider = escapeHtml(view.provider.name);
  const asker = view.returnOrigin ? `<strong>${escapeHtml(view.returnOrigin)}</strong>` : 'An application';
  const intro = `<p class="kicker">Connect an account</p>
<h1>Connect your ${provider} account</h1>
<p>${asker} asks to use your ${provider} account through Plugboard, which keeps the access encrypted.</p>`;
  const footer = `<p class="note">${afterwards(view)} This link works once and expires in ${minutesLeft(view.expiresAt)}.</p>`;
  if (view.authorizationUrl) {
    return {
      title: `Connect ${view.provider.name}`,
      body: `${intro}
${scopeList(view.scopes, provider)}
<p>You will sign in at ${provider} and choose whether to allow it there.</p>
<a class="button" href="${escapeHtml(view.authorizationUrl)}">Continue to ${provider}</a>
${footer}`,
    };
  }
  const fields = formFields(view.fields ?? {});
  if (fields.length === 0) {
    // A raw provider with free-form fields: nothing a form could ask for by name.
    return {
      title: `Connect ${view.provider.name}`,
      body: `${intro}\n<p>${provider} credentials cannot be typed in on this page; the application adds them itself.</p>`,
    };
  }
  return {
    title: `${state ? 'Error: ' : ''}Connect ${view.provider.name}`,
    body: `${intro}
<p>Enter your ${provider} credentials. ${provider} checks them before the connection is saved.</p>
${state ? errorSummary(fields, state.errors) : ''}<form method="post" action="${escapeHtml(action)}">
${fields.map((field) => input(field, state)).join('\n')}
<button class="button" type="submit">Connect</button>
</form>
${footer}`,
    // A successful post redirects to returnTo, and form-action also governs that redirect.
    formAction: ["'self'", ...(view.returnOrigin && view.display === 'page' ? [view.returnOrigin] : [])],
  };
}

function scopeList(scopes: string[], provider: string): string {
  if (scopes.length === 0) return `<p>No particular access is asked for: ${provider} decides what to grant.</p>`;
  return `<h2 id="scopes-heading">Access asked for</h2>
<ul aria-labelledby="scopes-heading">
${scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('\n')}
</ul>`;
}

function afterwards(view: ConnectSessionView): string {
  if (view.display === 'popup') return 'This window closes by itself when you are done.';
  if (view.returnOrigin) return `Afterwards you return to ${escapeHtml(view.returnOrigin)}.`;
  return '';
}

function minutesLeft(expiresAt: string): string {
  const minutes = Math.max(1, Math.round((Date.parse(expiresAt) - Date.now()) / 60_000));
  return minutes === 1 ? 'a minute' : `${minutes} minutes`;
}

function errorSummary(fields: FormField[], errors: FormErrors): string {
  const items = [
    ...errors.form.map((message) => `<li>${escapeHtml(message)}</li>`),
    ...fields
      .filter((field) => errors.fields[field.name])
      .map(
        (field) =>
          `<li><a href="#${fieldId(field)}">${escapeHtml(field.label)}: ${escapeHtml(errors.fields[field.name]!)}</a></li>`,
      ),
  ];
  return `<div class="error-summary" role="alert" aria-labelledby="error-summary-heading">
<h2 id="error-summary-heading">The connection was not saved</h2>
<ul>
${items.join('\n')}
</ul>
</div>
`;
}

function input(field: FormField, state: FormState | undefined): string {
  const id = fieldId(field);
  const error = state?.errors.fields[field.name];
  const value = field.secret ? undefined : state?.values[field.name];
  const attributes = [
    `id="${id}"`,
    `name="${escapeHtml(field.name)}"`,
    `type="${field.secret ? 'password' : 'text'}"`,
    `autocomplete="${field.secret ? 'off' : 'on'}"`,
    'spellcheck="false"',
    field.required ? 'required' : '',
    field.maxLength ? `maxlength="${field.maxLength}"` : '',
    value ? `value="${escapeHtml(value)}"` : '',
    error ? `aria-invalid="true" aria-describedby="${id}-error"` : '',
  ].filter(Boolean);
  return `<label for="${id}">${escapeHtml(field.label)}</label>
<input ${attributes.join(' ')}>${error ? `\n<p class="field-error" id="${id}-error">${escapeHtml(error)}</p>` : ''}`;
}

// Field names come from a plugin's schema: the id keeps only characters safe in an id and a URL fragment.
function fieldId(field: FormField): string {
  return `field-${field.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
