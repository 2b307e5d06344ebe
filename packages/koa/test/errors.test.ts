import { Writable } from 'node:stream';
import { createLogger, NotFoundError, PlugboardError, ProviderError, ValidationError } from '@plugboard/core';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, STATUS_BY_CODE, statusForCode, toErrorResponse } from '../src/errors.js';
import { escapeHtml } from '../src/html.js';
import { ErrorSchema } from '../src/schemas/common.js';

function capturingLogger() {
  const lines: string[] = [];
  const logger = createLogger({
    destination: new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  });
  return { logger, lines };
}

describe('error mapping', () => {
  it('maps every code to its one status', () => {
    expect(STATUS_BY_CODE).toEqual({
      validation_error: 400,
      unauthorized: 401,
      forbidden: 403,
      not_found: 404,
      conflict: 409,
      invalid_state: 400,
      invalid_code: 400,
      reauth_required: 409,
      request_timeout: 408,
      payload_too_large: 413,
      url_too_long: 414,
      headers_too_large: 431,
      rate_limited: 429,
      internal_error: 500,
      key_unavailable: 500,
      provider_error: 502,
      database_unavailable: 503,
      provider_timeout: 504,
    });
    for (const code of ERROR_CODES) {
      const { status, body } = toErrorResponse(new PlugboardError(code, 'x'), capturingLogger().logger);
      expect(status).toBe(STATUS_BY_CODE[code]);
      expect(ErrorSchema.strict().parse(body).error).toBe(code);
    }
  });

  it('keeps details, but only their path and message', () => {
    const error = new ValidationError('Invalid body.', [{ path: 'body.name', message: 'required' }]);
    (error.details![0] as unknown as Record<string, unknown>).input = 'secret-input';
    expect(toErrorResponse(error, capturingLogger().logger)).toEqual({
      status: 400,
      body: {
        error: 'validation_error',
        message: 'Invalid body.',
        details: [{ path: 'body.name', message: 'required' }],
      },
    });
    expect(toErrorResponse(new NotFoundError('Connection'), capturingLogger().logger).body).toEqual({
      error: 'not_found',
      message: 'Connection was not found.',
    });
  });

  it('answers unknown errors with a generic 500 and logs them', () => {
    const { logger, lines } = capturingLogger();
    const { status, body } = toErrorResponse(new TypeError('db password is hunter2'), logger);
    expect(status).toBe(500);
    expect(body).toEqual({ error: 'internal_error', message: expect.any(String) });
    expect(JSON.stringify(body)).not.toMatch(/hunter2|TypeError|at /);
    expect(lines.join('')).toContain('db password is hunter2');
  });

  it('logs provider failures, keeping their code', () => {
    const { logger, lines } = capturingLogger();
    expect(toErrorResponse(new ProviderError('provider_timeout', 'fake', 'Timed out.'), logger)).toMatchObject({
      status: 504,
      body: { error: 'provider_timeout', message: 'Timed out.' },
    });
    expect(lines).toHaveLength(1);
  });

  it("knows our codes only, not OAuth's or Object's", () => {
    expect(statusForCode('conflict')).toBe(409);
    expect(statusForCode('access_denied')).toBeUndefined();
    expect(statusForCode('toString')).toBeUndefined();
  });
});

describe('escapeHtml', () => {
  it('escapes markup and quotes', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});
