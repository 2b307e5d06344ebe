import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, registerSecret } from '../src/index.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ destination }), text: () => lines.join('') };
}

describe('rule 7.6: the logger redacts secrets', () => {
  it('by path', () => {
    const { logger, text } = capture();
    logger.info({ credentials: { accessToken: 'path-token-value-1', clientSecret: 'path-secret-value-2' } }, 'x');
    expect(text()).not.toContain('path-token-value-1');
    expect(text()).not.toContain('path-secret-value-2');
    expect(text()).toContain('[redacted]');
  });

  it('by value, wherever a registered secret shows up', () => {
    const { logger, text } = capture();
    registerSecret('tok_9f8e7d6c5b4a');
    registerSecret('pass word with spaces');
    logger.warn({ url: 'https://x.example/cb?token=tok_9f8e7d6c5b4a' }, 'failed with tok_9f8e7d6c5b4a');
    logger.error({ err: new Error('bad "pass word with spaces"') }, 'oops');
    expect(text()).not.toContain('tok_9f8e7d6c5b4a');
    expect(text()).not.toContain('pass word with spaces');
    expect(text()).toContain('token=[redacted]');
  });

  it('leaves ordinary values alone', () => {
    const { logger, text } = capture();
    logger.info({ provider: 'slack', connectionId: 'c1' }, 'refreshed');
    expect(text()).toContain('"provider":"slack"');
  });
});
