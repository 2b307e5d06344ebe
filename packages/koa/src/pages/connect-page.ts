import type { ConnectSessionView, ProviderSummary } from '@plugboard/core';
import { escapeHtml, type Page } from '../html.js';
import { brandHeader, type PageContext, shell } from './brand.js';
import { type FormErrors, type FormField, formFields } from './form-fields.js';
import { type Messages, strong } from './i18n.js';

/** What a credentials form shows again after a failed submit. */
export interface FormState {
  errors: FormErrors;
  /** What the user typed; secret fields are never echoed back. */
  values: Record<string, string>;
}

/** A session whose provider is known (named at creation or picked on the chooser): its page connects it. */
export type BoundSessionView = ConnectSessionView & { provider: ProviderSummary };

/**
 * The hosted connect page: who asks (the workspace's app), for which account, the access asked for, and either
 * a link on to the provider's consent page (oauth2) or a form for typed-in credentials, posting to `action`.
 */
export function connectPage(view: BoundSessionView, action: string, page: PageContext, state?: FormState): Page {
  const { messages: m } = page;
  const provider = view.provider.name;
  const app = strong(view.app.name);
  const heading = m.html('wantsToUse', { app: view.app.name, provider });
  const intro = `${brandHeader(view.app, page, view.provider)}
<p class="kicker">${m.html('connectKicker')}</p>
<h1>${heading}</h1>
<p>${m.html('keptSafe', { app })}</p>`;
  const footer = `<p class="note">${afterwards(view, m)} ${lifetime(view.expiresAt, m)}</p>`;
  const title = m.text('wantsToUse', { app: view.app.name, provider });
  if (view.authorizationUrl) {
    return {
      ...shell(page, view.app, view.provider),
      title,
      body: `${intro}
${scopeList(view, m)}
<p>${m.html('signInAt', { provider })}</p>
<a class="button" href="${escapeHtml(view.authorizationUrl)}">${m.html('continueTo', { provider })}</a>
${footer}`,
    };
  }
  const fields = formFields(view.fields ?? {});
  if (fields.length === 0) {
    // A raw provider with free-form fields: nothing a form could ask for by name.
    return {
      ...shell(page, view.app, view.provider),
      title,
      body: `${intro}\n<p>${m.html('noForm', { provider, app })}</p>`,
    };
  }
  return {
    ...shell(page, view.app, view.provider),
    title: `${state ? `${m.text('formNotSaved')}: ` : ''}${title}`,
    body: `${intro}
<p>${m.html('formIntro', { provider })}</p>
${state ? errorSummary(fields, state.errors, m) : ''}<form method="post" action="${escapeHtml(action)}">
${fields.map((field) => input(field, state)).join('\n')}
<button class="button" type="submit">${m.html('connectButton')}</button>
</form>
${footer}`,
    // A successful post redirects to returnTo, and form-action also governs that redirect.
    formAction: ["'self'", ...(view.returnOrigin && view.display === 'page' ? [view.returnOrigin] : [])],
  };
}

/**
 * The access asked for in the provider's words, sensitive ones marked (in text, not colour alone); a scope it
 * does not describe shows its name. The raw names, which a careful user may look up, sit behind a disclosure.
 */
function scopeList(view: BoundSessionView, m: Messages): string {
  const provider = view.provider.name;
  if (view.scopes.length === 0) return `<p>${m.html('noScopes', { provider })}</p>`;
  const described = view.provider.scopeDescriptions;
  const items = view.scopes.map((scope) => {
    const description = Object.hasOwn(described, scope) ? described[scope] : undefined;
    if (!description) return `<li><code>${escapeHtml(scope)}</code></li>`;
    const mark = description.sensitive ? `<span class="sensitive">${m.html('sensitive')}</span>` : '';
    return `<li>${escapeHtml(description.text)}${mark}</li>`;
  });
  // Several scopes may read alike (Google's sign-in ones): a sentence is listed once.
  return `<h2 id="scopes-heading">${m.html('accessHeading', { app: view.app.name })}</h2>
<ul aria-labelledby="scopes-heading">
${[...new Set(items)].join('\n')}
</ul>
<details><summary>${m.html('rawScopes')}</summary>
<ul>
${view.scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('\n')}
</ul>
</details>`;
}

/** What happens after the flow: the popup closes, or the user goes back to the app's origin. */
export function afterwards(view: ConnectSessionView, m: Messages): string {
  if (view.display === 'popup') return m.html('afterPopup');
  if (view.returnOrigin) return m.html('afterReturn', { origin: view.returnOrigin });
  return '';
}

/** How long the link still works. */
export function lifetime(expiresAt: string, m: Messages): string {
  const minutes = Math.max(1, Math.round((Date.parse(expiresAt) - Date.now()) / 60_000));
  return minutes === 1 ? m.html('linkLifetimeOne') : m.html('linkLifetime', { minutes: String(minutes) });
}

function errorSummary(fields: FormField[], errors: FormErrors, m: Messages): string {
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
<h2 id="error-summary-heading">${m.html('formNotSaved')}</h2>
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
