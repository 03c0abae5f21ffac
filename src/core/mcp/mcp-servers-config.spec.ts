import { parseMcpServers } from './mcp-servers-config';

describe('parseMcpServers', () => {
  it('names the default medcor-tools server "medcor" at localhost:8001/mcp', () => {
    expect(parseMcpServers({})).toEqual({ medcor: { url: 'http://localhost:8001/mcp' } });
  });

  it('appends /mcp to MCP_SERVER_URL unless it is already there, and carries the token', () => {
    expect(parseMcpServers({ MCP_SERVER_URL: 'http://tools:9000/', MCP_SERVER_TOKEN: 't0ken' })).toEqual({
      medcor: { url: 'http://tools:9000/mcp', token: 't0ken' },
    });
    expect(parseMcpServers({ MCP_SERVER_URL: 'http://tools:9000/mcp' }).medcor.url).toBe('http://tools:9000/mcp');
  });

  it('adds and overrides servers from MCP_SERVERS', () => {
    const sut = parseMcpServers({
      MCP_SERVERS: JSON.stringify({
        medcor: { url: 'https://other/mcp' },
        files: { command: 'node', args: ['files.js'], env: { ROOT: '/data' } },
      }),
    });
    expect(sut).toEqual({
      medcor: { url: 'https://other/mcp' },
      files: { command: 'node', args: ['files.js'], env: { ROOT: '/data' } },
    });
  });

  it('gives MCP_INTERNAL_SECRET to our own server only, never to a server from MCP_SERVERS', () => {
    const secret = 'k'.repeat(40);
    const sut = parseMcpServers({
      MCP_INTERNAL_SECRET: secret,
      MCP_SERVERS: JSON.stringify({ other: { url: 'https://third.party/mcp' } }),
    });
    expect(sut).toEqual({ medcor: { url: 'http://localhost:8001/mcp', internalSecret: secret }, other: { url: 'https://third.party/mcp' } });
    // A secret cannot be configured for another server: the schema refuses the field.
    expect(() => parseMcpServers({ MCP_SERVERS: '{"x": {"url": "https://x/mcp", "internalSecret": "mine"}}' })).toThrow(/MCP_SERVERS is invalid/);
  });
  it.each([
    ['not JSON', '{nope', /MCP_SERVERS .*not valid JSON/],
    ['an array', '[]', /MCP_SERVERS must be a JSON object/],
    ['neither url nor command', '{"x": {}}', /MCP_SERVERS is invalid: x: needs exactly one of "url"/],
    ['both url and command', '{"x": {"url": "http://a/mcp", "command": "node"}}', /x: needs exactly one/],
    ['a non-http url', '{"x": {"url": "ftp://a"}}', /x\.url: must be an http\(s\) URL/],
    ['an unknown field', '{"x": {"url": "http://a/mcp", "tokn": "s"}}', /MCP_SERVERS is invalid: x: /],
    ['a bad server name', '{"a b": {"url": "http://a/mcp"}}', /server names may hold only/],
  ])('refuses %s, naming MCP_SERVERS', (_case, value, message) => {
    expect(() => parseMcpServers({ MCP_SERVERS: value })).toThrow(message);
  });

  it('refuses a MCP_SERVER_URL that is not http(s), naming it', () => {
    expect(() => parseMcpServers({ MCP_SERVER_URL: 'localhost:8001' })).toThrow(/MCP_SERVER_URL/);
  });

  it('never quotes a token in its error', () => {
    expect(() =>
      parseMcpServers({ MCP_SERVERS: '{"x": {"url": "nope", "token": "super-secret-token"}}' }),
    ).toThrow(expect.objectContaining({ message: expect.not.stringContaining('super-secret-token') }));
  });
});
