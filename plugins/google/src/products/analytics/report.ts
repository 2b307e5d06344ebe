import { type ActionDefinition, readProviderJson, ValidationError } from '@plugboard/core';
import { z } from 'zod';

// A date the Data API takes: YYYY-MM-DD, `today`, `yesterday` or `NdaysAgo`.
const reportDate = z
  .string()
  .regex(/^(\d{4}-\d{2}-\d{2}|today|yesterday|\d{1,4}daysAgo)$/, 'YYYY-MM-DD, today, yesterday or NdaysAgo');
// API names of dimensions and metrics (`sessions`, `customEvent:plan`): letters, digits, `_` and `:`.
const fieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_:]{0,99}$/, 'a dimension or metric API name');

const reportAnswer = z.object({
  dimensionHeaders: z.array(z.object({ name: z.string() })).default([]),
  metricHeaders: z.array(z.object({ name: z.string() })).default([]),
  rows: z
    .array(
      z.object({
        dimensionValues: z.array(z.object({ value: z.string().default('') })).default([]),
        metricValues: z.array(z.object({ value: z.string().default('') })).default([]),
      }),
    )
    .default([]),
  rowCount: z.number().default(0),
});

const reportInput = z.object({
  metrics: z.array(fieldName).min(1).max(10).describe('e.g. activeUsers, sessions, screenPageViews'),
  dimensions: z.array(fieldName).max(9).default([]).describe('e.g. date, country, pagePath'),
  startDate: reportDate.default('28daysAgo'),
  endDate: reportDate.default('today'),
  limit: z.number().int().min(1).max(10_000).default(100),
});

const reportOutput = z.object({
  propertyId: z.string(),
  dimensions: z.array(z.string()),
  metrics: z.array(z.string()),
  rows: z.array(z.object({ dimensions: z.array(z.string()), metrics: z.array(z.string()) })),
  rowCount: z.number(),
});

/** `run-report`: a GA4 Data API report on the property chosen with `select-property`. */
export function runReportAction(
  dataApiUrl: string,
  requireAnalytics: (context: Parameters<ActionDefinition['run']>[0]) => void,
): ActionDefinition<z.output<typeof reportInput>, z.output<typeof reportOutput>> {
  return {
    description:
      'Runs a Google Analytics (GA4) report on the property chosen with select-property: metrics (and dimensions) over a date range, e.g. activeUsers by country for the last 28 days.',
    annotations: { title: 'Run a report', readOnly: true, idempotent: true },
    input: reportInput,
    output: reportOutput,
    async run(context) {
      requireAnalytics(context);
      const propertyId = context.metadata.propertyId;
      if (typeof propertyId !== 'string' || !/^properties\/\d+$/.test(propertyId)) {
        throw new ValidationError('Choose a property first: run list-properties, then select-property.', [
          { path: 'metadata.propertyId', message: 'no property selected' },
        ]);
      }
      const { input } = context;
      const report = await readProviderJson(
        context.fetch,
        `${dataApiUrl.replace(/\/+$/, '')}/${propertyId}:runReport`,
        reportAnswer,
        {
          what: 'run the report',
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            dateRanges: [{ startDate: input.startDate, endDate: input.endDate }],
            dimensions: input.dimensions.map((name) => ({ name })),
            metrics: input.metrics.map((name) => ({ name })),
            limit: String(input.limit),
          }),
        },
      );
      return {
        propertyId,
        dimensions: report.dimensionHeaders.map((header) => header.name),
        metrics: report.metricHeaders.map((header) => header.name),
        rows: report.rows.map((row) => ({
          dimensions: row.dimensionValues.map((value) => value.value),
          metrics: row.metricValues.map((value) => value.value),
        })),
        rowCount: report.rowCount,
      };
    },
  };
}
