import { readToolsServerEnv } from './tools-server-env';

describe('readToolsServerEnv', () => {
  it('defaults to 0.0.0.0:8001 without auth', () => {
    expect(readToolsServerEnv({})).toEqual({ port: 8001, host: '0.0.0.0' });
  });

  it('reads MCP_PORT, MCP_HOST and MCP_SERVER_TOKEN', () => {
    expect(readToolsServerEnv({ MCP_PORT: '9100', MCP_HOST: '127.0.0.1', MCP_SERVER_TOKEN: 'a-long-enough-token' })).toEqual({
      port: 9100,
      host: '127.0.0.1',
      token: 'a-long-enough-token',
    });
  });

  it.each(['0', '70000', 'abc', '80.5'])('refuses MCP_PORT=%s, naming the variable', (value) => {
    expect(() => readToolsServerEnv({ MCP_PORT: value })).toThrow(/^MCP_PORT must be an integer/);
  });

  it('refuses a URL as MCP_HOST', () => {
    expect(() => readToolsServerEnv({ MCP_HOST: 'http://x' })).toThrow(/^MCP_HOST/);
  });

  it('refuses a short MCP_SERVER_TOKEN without echoing it', () => {
    expect(() => readToolsServerEnv({ MCP_SERVER_TOKEN: 'short' })).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/^MCP_SERVER_TOKEN must be at least 16/) }),
    );
    expect(() => readToolsServerEnv({ MCP_SERVER_TOKEN: 'short' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('short"') }));
  });
});
