// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are the config's ${VAR} syntax
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { ConfigError } from '../src/errors.js';
import { tempDir, writeFiles } from './fixtures.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const ADMIN = 'a'.repeat(40);
const env = { KEY, ADMIN };

let dir: { root: string; cleanup: () => void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

function write(yaml: string): string {
  writeFiles(dir.root, { 'conf/plugboard.yaml': yaml });
  return join(dir.root, 'conf/plugboard.yaml');
}

const base = `publicUrl: http://localhost:3000
encryptionKeys: ["\${KEY}"]
adminKey: \${ADMIN}
`;

async function problems(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('loadConfig', () => {
  it('applies defaults and resolves a relative sqlite path against the config file, not the working directory', async () => {
    const config = await loadConfig(write(base), { env });
    expect(config.server).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(config.database).toBe(`sqlite:${join(dir.root, 'conf/data/plugboard.db')}`);
    expect(config.dataDir).toBe(join(dir.root, 'conf/data'));
    expect(config.configDir).toBe(join(dir.root, 'conf'));
    expect(config.encryptionKeys).toEqual([KEY]);
    expect(config.adminKey).toBe(ADMIN);
    expect(config.logLevel).toBe('info');
    expect(config.providers).toEqual([]);

    const custom = await loadConfig(write(`${base}database: sqlite:../db/hub.db\n`), { env });
    expect(custom.database).toBe(`sqlite:${join(dir.root, 'db/hub.db')}`);
  });

  it('reads background and proxy settings, and names the path of a bad one', async () => {
    const config = await loadConfig(
      write(
        `${base}background: { refresh: false, deletions: "false" }\nproxy: { timeoutMs: 5000, retries: 0, rateLimit: { perSecond: 5 } }\n`,
      ),
      { env },
    );
    expect(config.background).toEqual({ refresh: false, webhooks: true, deletions: false });
    expect(config.proxy).toEqual({ timeoutMs: 5000, retries: 0, rateLimit: { perSecond: 5 } });
    const error = await problems(
      loadConfig(write(`${base}proxy: { retries: 9, rateLimit: { perSecond: -1 } }\n`), { env }),
    );
    expect(error.message).toContain('proxy.retries');
    expect(error.message).toContain('proxy.rateLimit.perSecond');
  });

  it('reads the MCP limits, and names the path of a bad one', async () => {
    expect((await loadConfig(write(base), { env })).mcp).toEqual({});
    const config = await loadConfig(write(`${base}mcp: { callsPerMinute: 10, maxOutputBytes: 4096 }\n`), { env });
    expect(config.mcp).toEqual({ callsPerMinute: 10, maxOutputBytes: 4096 });
    const error = await problems(loadConfig(write(`${base}mcp: { callsPerMinute: 0, burst: 2 }\n`), { env }));
    expect(error.message).toContain('mcp.callsPerMinute');
    expect(error.message).toContain('burst');
  });

  it('passes Postgres URLs and sqlite::memory: through', async () => {
    const pg = await loadConfig(write(`${base}database: postgresql://u:p@db:5432/hub\n`), { env });
    expect(pg.database).toBe('postgresql://u:p@db:5432/hub');
    expect(pg.dataDir).toBe(join(dir.root, 'conf/data'));
    const memory = await loadConfig(write(`${base}database: "sqlite::memory:"\n`), { env });
    expect(memory.database).toBe('sqlite::memory:');
  });

  it('substitutes ${VAR} inside string values only, and $${ escapes', async () => {
    const config = await loadConfig(
      write(`${base}server: { port: "\${PORT}" }
providers:
  - use: "@acme/\${PKG}"
    options: { url: "https://\${HOST}/v1", literal: "$\${NOT_A_VAR}", "\${KEYNAME}": 1, n: 5 }
`),
      { env: { ...env, PORT: '8080', PKG: 'plugboard-provider-acme', HOST: 'api.acme.test' } },
    );
    expect(config.server.port).toBe(8080);
    expect(config.providers[0]).toEqual({
      use: '@acme/plugboard-provider-acme',
      options: { url: 'https://api.acme.test/v1', literal: '${NOT_A_VAR}', '${KEYNAME}': 1, n: 5 },
    });
  });

  it('names the missing variable and the path where it appears', async () => {
    const error = await problems(
      loadConfig(
        write(`${base}providers:
  - use: "@plugboard/provider-sandbox"
  - use: "@plugboard/provider-slack"
    options: { clientId: "\${SLACK_CLIENT_ID}" }
`),
        { env },
      ),
    );
    expect(error.details).toEqual([
      { path: 'providers[1].options.clientId', message: 'environment variable SLACK_CLIENT_ID is not set' },
    ]);
    expect(error.message).toContain('providers[1].options.clientId: environment variable SLACK_CLIENT_ID is not set');
  });

  it('reads ${file:PATH} from a file (relative to the config folder), and names an unreadable one', async () => {
    writeFiles(dir.root, { 'secrets/key': `${KEY}\n`, 'conf/admin': ADMIN });
    const config = await loadConfig(
      write(`publicUrl: http://localhost:3000
encryptionKeys: ["\${file:${join(dir.root, 'secrets/key')}}"]
adminKey: \${file:admin}
`),
      { env: {} },
    );
    expect(config.encryptionKeys).toEqual([KEY]);
    expect(config.adminKey).toBe(ADMIN);

    const error = await problems(loadConfig(write(`${base}logLevel: "\${file:missing}"\n`), { env }));
    expect(error.details).toEqual([
      { path: 'logLevel', message: `cannot read ${join(dir.root, 'conf/missing')} (ENOENT)` },
    ]);
  });

  it('refuses a malformed ${ reference', async () => {
    const error = await problems(loadConfig(write(`${base}logLevel: "\${bad-name}"\n`), { env }));
    expect(error.details?.[0]?.path).toBe('logLevel');
    expect(error.details?.[0]?.message).toContain('invalid ${...} reference');
  });

  it('refuses an encryption key that is not 32 bytes, without printing it', async () => {
    const short = Buffer.alloc(16, 1).toString('base64');
    const error = await problems(loadConfig(write(base), { env: { ...env, KEY: short } }));
    expect(error.details).toEqual([
      { path: 'encryptionKeys[0]', message: expect.stringContaining('it decodes to 16 bytes') },
    ]);
    expect(error.message).not.toContain(short);
    const notBase64 = await problems(loadConfig(write(base), { env: { ...env, KEY: 'not base64!' } }));
    expect(notBase64.details?.[0]?.message).toContain('it is not base64');
  });

  it('refuses bad public URLs', async () => {
    for (const [url, message] of [
      ['localhost:3000/x', 'must be an'],
      ['not a url', 'must be an absolute URL'],
      ['ftp://example.com', 'must be an http:// or https:// URL'],
      ['http://localhost:3000/', 'must not end with a slash (write http://localhost:3000)'],
      ['https://hub.example.com/?a=1', 'must not have a query or fragment'],
    ] as const) {
      const error = await problems(loadConfig(write(base.replace('http://localhost:3000', url)), { env }));
      expect(error.details).toEqual([{ path: 'publicUrl', message: expect.stringContaining(message) }]);
    }
    const withPath = await loadConfig(write(base.replace('http://localhost:3000', 'https://example.com/hub')), { env });
    expect(withPath.publicUrl).toBe('https://example.com/hub');
  });

  it('lists every problem, each naming its path', async () => {
    const error = await problems(
      loadConfig(
        write(`publicUrl: 42
server: { port: 70000, hots: x }
database: mysql://nope
encryptionKeys: []
adminKey: short
logLevel: loud
providers:
  - use: "@plugboard/provider-sandbox"
  - options: { a: 1 }
  - use: x
    id: Not A Slug
    optoins: {}
`),
        { env },
      ),
    );
    expect(error.details?.map((detail) => detail.path).sort()).toEqual(
      [
        'publicUrl',
        'server.port',
        'server.hots',
        'database',
        'encryptionKeys',
        'adminKey',
        'logLevel',
        'providers[1].use',
        'providers[2].id',
        'providers[2].optoins',
      ].sort(),
    );
    expect(error.message).toContain('providers[1].use: required');
    expect(error.message).toContain('providers[2].optoins: unknown setting');
    expect(error.message).toContain('encryptionKeys: required: the server refuses to start without an encryption key');
    expect(error.message.split('\n')).toHaveLength(11);
  });

  it('in start mode refuses a missing encryption key; in dev mode unset key variables mean "generate"', async () => {
    const start = await problems(loadConfig(write(base), { env: {} }));
    expect(start.details).toEqual([
      {
        path: 'encryptionKeys[0]',
        message: 'environment variable KEY is not set: the server refuses to start without an encryption key',
      },
      { path: 'adminKey', message: 'environment variable ADMIN is not set' },
    ]);
    const absent = await problems(loadConfig(write('publicUrl: http://localhost:3000\n'), { env: {} }));
    expect(absent.message).toContain('the server refuses to start without an encryption key');

    const dev = await loadConfig(write(base), { env: {}, mode: 'dev' });
    expect(dev.encryptionKeys).toEqual([]);
    expect(dev.adminKey).toBeUndefined();
    expect(dev.mode).toBe('dev');
  });

  it('egress: plugboard dev may reach loopback by default, start reaches only public addresses unless allowed', async () => {
    expect((await loadConfig(write(base), { env, mode: 'dev' })).egress.allow).toEqual(['127.0.0.0/8', '::1']);
    expect((await loadConfig(write(base), { env })).egress.allow).toEqual([]);
    const listed = await loadConfig(write(`${base}egress: { allow: [10.1.0.0/16, "*.corp.example"] }\n`), { env });
    expect(listed.egress.allow).toEqual(['10.1.0.0/16', '*.corp.example']);
    const bad = await problems(loadConfig(write(`${base}egress: { allow: ["10.0.0.0/99", "a b"] }\n`), { env }));
    expect(bad.details?.map((detail) => detail.path)).toEqual(['egress.allow[0]', 'egress.allow[1]']);
  });

  it('in dev mode still requires variables outside the keys', async () => {
    const error = await problems(
      loadConfig(write(`${base}providers: [{ use: x, options: { s: "\${SECRET}" } }]\n`), { env: {}, mode: 'dev' }),
    );
    expect(error.details).toEqual([
      { path: 'providers[0].options.s', message: 'environment variable SECRET is not set' },
    ]);
  });

  it('reports YAML syntax errors with their line, and a missing file', async () => {
    const syntax = await problems(loadConfig(write('publicUrl: [unclosed\n'), { env }));
    expect(syntax.details?.[0]?.path).toMatch(/^line \d+, column \d+$/);
    const missing = await problems(loadConfig(join(dir.root, 'nope.yaml'), { env }));
    expect(missing.details).toEqual([{ path: '(file)', message: expect.stringContaining('file not found') }]);
  });
});
