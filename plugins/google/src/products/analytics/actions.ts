import { type ActionContext, type ActionDefinition, ProviderError, ValidationError } from '@plugboard/core';
import { z } from 'zod';
import { googleScope } from '../../endpoints.js';
import { grantedAny } from '../../scopes.js';
import { listProperties, propertySchema } from './properties.js';
import { runReportAction } from './report.js';

/** The scopes under which the Admin API lists account summaries. */
export const ANALYTICS_READ_SCOPES = [googleScope('analytics.readonly'), googleScope('analytics.edit')];

const propertyId = z.string().regex(/^properties\/\d+$/, 'a property resource name, e.g. properties/123456');

// A user who unticked Analytics on the consent screen must connect again to grant it.
function requireAnalytics(providerId: string, context: ActionContext<unknown>): void {
  if (grantedAny(context.credentials, ANALYTICS_READ_SCOPES)) return;
  throw new ProviderError(
    'reauth_required',
    providerId,
    'The user did not grant Google Analytics access; connect again and allow it.',
  );
}

/** The post-connect choice of a GA4 property (list what the user can see, select one), and reports on it. */
export function analyticsActions(
  providerId: string,
  urls: { dataApiUrl?: string | undefined },
): Record<string, ActionDefinition<any, any>> {
  const listPropertiesAction: ActionDefinition<Record<string, never>, z.output<typeof propertySchema>[]> = {
    description: 'Lists the GA4 properties the connected user can see.',
    annotations: { title: 'List properties', readOnly: true, idempotent: true },
    input: z.object({}),
    output: z.array(propertySchema),
    async run(context) {
      requireAnalytics(providerId, context);
      return (await listProperties(context.fetch)).properties;
    },
  };
  const selectProperty: ActionDefinition<{ propertyId: string }, { propertyId: string; propertyName: string }> = {
    description: 'Selects one of the listed properties; it is kept in the connection metadata.',
    annotations: { title: 'Select a property', readOnly: false, destructive: false, idempotent: true },
    input: z.object({ propertyId }),
    output: z.object({ propertyId, propertyName: z.string() }),
    async run(context) {
      requireAnalytics(providerId, context);
      const { properties } = await listProperties(context.fetch);
      const chosen = properties.find((property) => property.id === context.input.propertyId);
      if (!chosen) {
        throw new ValidationError('The connected user cannot see this property.', [
          { path: 'input.propertyId', message: 'not among the properties list-properties returns' },
        ]);
      }
      const selection = { propertyId: chosen.id, propertyName: chosen.name };
      await context.updateMetadata(selection);
      return selection;
    },
  };
  const actions: Record<string, ActionDefinition<any, any>> = {
    'list-properties': listPropertiesAction,
    'select-property': selectProperty,
  };
  if (urls.dataApiUrl) {
    actions['run-report'] = runReportAction(urls.dataApiUrl, (context) => requireAnalytics(providerId, context));
  }
  return actions;
}
