import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './parse-cli-args.js';

describe('parseCliArgs', () => {
  it('defaults to any free port on 127.0.0.1', () => {
    expect(parseCliArgs([])).toEqual({ type: 'serve', options: { port: 0, host: '127.0.0.1' } });
  });

  it('reads every flag', () => {
    const argv = [
      '--port',
      '4567',
      '--host',
      '0.0.0.0',
      '--api-key',
      'sk-x',
      '--strict',
      '--delta-size',
      '1',
      '--context-window',
      '4096',
    ];
    expect(parseCliArgs([...argv, '--no-demo-model'])).toEqual({
      type: 'serve',
      options: {
        port: 4567,
        host: '0.0.0.0',
        apiKey: 'sk-x',
        strict: true,
        demoModel: false,
        streaming: { deltaSize: 1 },
        contextWindow: 4096,
      },
    });
    expect(parseCliArgs(['-h'])).toEqual({ type: 'help' });
  });

  it('names the flag and the fix for a bad value or an unknown flag', () => {
    expect(() => parseCliArgs(['--port', 'abc'])).toThrow('Invalid --port (abc). Fix: pass an integer ≥ 0.');
    expect(() => parseCliArgs(['--delta-size', '0'])).toThrow('Invalid --delta-size (0)');
    expect(() => parseCliArgs(['--context-window', '0'])).toThrow('Invalid --context-window (0)');
    expect(() => parseCliArgs(['--nope'])).toThrow(/nope/);
  });
});
