import { runFreshScript } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';

describe('runFreshScript', () => {
  it("answers what the script wrote to fd 3, whatever it printed after (a hub's log lines)", () => {
    const script = `import { writeFileSync } from 'node:fs';
writeFileSync(3, JSON.stringify({ answer: 42 }));
console.log(JSON.stringify({ level: 30, msg: 'request' }));`;
    expect(runFreshScript(script)).toEqual({ answer: 42 });
  });

  it('fails with the output when the script writes no result or exits with an error', () => {
    expect(() => runFreshScript("console.log('no result')")).toThrow(/wrote nothing to fd 3\n[\s\S]*no result/);
    expect(() => runFreshScript("console.error('broken'); process.exit(4)")).toThrow(/exited with 4\nbroken/);
  });
});
