/**
 * Cases apart from the benchmark's snippets, one per behaviour, so a rule that only matches the
 * benchmark's wording fails here: taint through variables and calls, sanitisers, constants.
 */
import { EslintAnalyser } from '../eslint-analyser';
import { PythonAnalyser } from '../python/python-analyser';

const eslint = new EslintAnalyser();
const python = new PythonAnalyser();

async function jsRules(code: string, language: 'javascript' | 'typescript' = 'javascript'): Promise<string[]> {
  const findings = await eslint.analyse(code, language, 'security');
  return findings.filter((f) => f.cwe).map((f) => `${f.rule}@${f.line}`);
}

async function pyRules(code: string): Promise<string[]> {
  return (await python.analyse(code)).map((f) => `${f.rule}@${f.line}`);
}

describe('JavaScript vulnerability rules', () => {
  it.each([
    ['SQL through two variables and +=', "function f(conn, req) {\n  let where = ' WHERE ward = ' + req.query.ward;\n  let q = 'SELECT * FROM beds';\n  q += where;\n  return conn.execute(q);\n}\n", 'medcor/sql-injection@5'],
    ['knex whereRaw with a template', "const rows = (knex, id) => knex('t').whereRaw(`id = ${id} AND deleted = false`);\nmodule.exports = rows;\n", 'medcor/sql-injection@1'],
    ['exec with a string from a helper argument', "const { exec } = require('child_process');\nmodule.exports = (file) => exec('gzip ' + file);\n", 'medcor/command-injection@2'],
    ['koa body into fs.createReadStream', "const fs = require('fs');\nmodule.exports = (ctx) => { ctx.body = fs.createReadStream(`/data/${ctx.request.body.path}`); };\n", 'medcor/path-traversal@2'],
    ['got with a query string URL', "const got = require('got');\nmodule.exports = async (req) => got(req.query.target + '/health');\n", 'medcor/ssrf@2'],
    ['ctx.redirect of a header', "module.exports = (ctx) => ctx.redirect(ctx.request.headers.referer);\n", 'medcor/open-redirect@1'],
    ['Math.random for a nonce property', "module.exports = () => ({ nonce: Math.random().toString(16) });\n", 'medcor/insecure-random@1'],
    ['sha1 of a password property', "const c = require('crypto');\nmodule.exports = (u) => c.createHash('sha1').update(u.password).digest('hex');\n", 'medcor/weak-hash@2'],
    ['GitHub token in a plain string', "module.exports = { headers: { Authorization: 'token ghp_abcdefghijklmnopqrstuvwxyz0123456789' } };\n", 'medcor/hardcoded-secret@1'],
    ['__proto__ assignment', "module.exports = (o, v) => { o.__proto__ = v; };\n", 'medcor/prototype-pollution@1'],
    ['vm.Script of a body', "const vm = require('vm');\nmodule.exports = (req) => new vm.Script(req.body.src);\n", 'medcor/code-injection@2'],
    ['strictSSL false', "module.exports = { strictSSL: false };\n", 'medcor/tls-verification@1'],
  ])('reports %s', async (_name, code, expected) => {
    expect(await jsRules(code)).toContain(expected);
  });

  it.each([
    ['a parameterised query in a variable', "module.exports = (db, id) => { const q = 'SELECT * FROM t WHERE id = $1'; return db.query(q, [id]); };\n"],
    ['a query built from constants only', "const TABLE = 'beds';\nmodule.exports = (db) => db.query('SELECT count(*) FROM ' + TABLE);\n"],
    ['a constant shell command', "const { execSync } = require('child_process');\nmodule.exports = () => execSync('git rev-parse HEAD');\n"],
    ['a file path from a helper argument (not request input)', "const fs = require('fs');\nmodule.exports = (configPath) => fs.readFileSync(configPath, 'utf8');\n"],
    ['a number from the request in a URL', "module.exports = (req) => fetch('https://api.example.org/items/' + parseInt(req.query.id, 10));\n"],
    ['Math.random for a colour', "module.exports = () => ({ color: Math.floor(Math.random() * 360) });\n"],
    ['md5 for a cache key', "const c = require('crypto');\nmodule.exports = (body) => c.createHash('md5').update(body).digest('hex');\n"],
    ['a short placeholder password', "module.exports = { password: 'changeme' };\n"],
    ['a Redis client get() of a key parameter', "module.exports = (redis, key) => redis.client.get(key);\n"],
    ['an HTTP helper that takes a url parameter', "module.exports = (axios, url) => axios.get(url, { timeout: 5000 });\n"],
    ['jwt.verify with options the rule cannot see', "const jwt = require('jsonwebtoken');\nclass V { verify(t) { return jwt.verify(t, this.key, this.options); } }\nmodule.exports = V;\n"],
    ['SQL built from a for-of over constant names', "module.exports = async (db) => { for (const role of ['reader', 'auditor']) await db.query(`SELECT 1 FROM pg_roles WHERE rolname = '${role}'`); };\n"],
    ['a query text from a settings helper', "const settings = (ms) => 'SET statement_timeout = ' + Number(ms);\nmodule.exports = (client, options) => client.query(settings(options.timeoutMs));\n"],
    ['jwt.decode next to jwt.verify', "const jwt = require('jsonwebtoken');\nmodule.exports = (t, keys) => jwt.verify(t, keys[jwt.decode(t, { complete: true }).header.kid], { algorithms: ['RS256'] });\n"],
  ])('stays quiet on %s', async (_name, code) => {
    expect(await jsRules(code)).toEqual([]);
  });

  it('carries CWE, severity and fix on every vulnerability finding', async () => {
    const findings = await eslint.analyse("module.exports = (res, req) => res.redirect(req.query.to);\n", 'javascript', 'security');
    expect(findings).toEqual([expect.objectContaining({ rule: 'medcor/open-redirect', line: 1, cwe: 'CWE-601', severity: 'warning', fix: expect.stringMatching(/allow-list/) })]);
  });
});

describe('Python vulnerability checks (tree-sitter)', () => {
  it.each([
    ['SQL via string concatenation in a FastAPI view', "from fastapi import APIRouter\nrouter = APIRouter()\n\n@router.get('/p/{mrn}')\ndef get(mrn: str, cur=None):\n    q = 'SELECT * FROM p WHERE mrn = ' + mrn\n    cur.execute(q)\n", 'python/sql-injection@7'],
    ['subprocess.Popen with shell=True and format', "import subprocess\n\ndef run(name):\n    subprocess.Popen('ls {}'.format(name), shell=True)\n", 'python/command-injection@4'],
    ['yaml.unsafe_load', "import yaml\n\ndef f(doc):\n    return yaml.unsafe_load(doc)\n", 'python/insecure-deserialisation@4'],
    ['requests.post to a JSON field', "import requests\nfrom flask import request\n\ndef hook():\n    requests.post(url=request.json['callback'], json={})\n", 'python/ssrf@5'],
    ['a private key block', "KEY = '''-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----'''\n", 'python/hardcoded-secret@1'],
    ['verify_mode CERT_NONE', "import ssl\nctx = ssl.create_default_context()\nctx.verify_mode = ssl.CERT_NONE\n", 'python/tls-verification@3'],
  ])('reports %s', async (_name, code, expected) => {
    expect(await pyRules(code)).toContain(expected);
  });

  it.each([
    ['a parameterised execute with a tuple', "def f(cur, mrn):\n    cur.execute('SELECT * FROM p WHERE mrn = %s', (mrn,))\n"],
    ['subprocess.run with a list and no shell', "import subprocess\n\ndef f(name):\n    subprocess.run(['ls', name], check=True)\n"],
    ['yaml.load with SafeLoader', "import yaml\n\ndef f(doc):\n    return yaml.load(doc, Loader=yaml.SafeLoader)\n"],
    ['a config path from a helper argument', "def read(path):\n    with open(path) as h:\n        return h.read()\n"],
    ['md5 for a file checksum', "import hashlib\n\ndef digest(data):\n    return hashlib.md5(data).hexdigest()\n"],
  ])('stays quiet on %s', async (_name, code) => {
    expect(await pyRules(code)).toEqual([]);
  });

  it('reports syntax errors with their line and still checks the rest', async () => {
    const findings = await python.analyse('import os\n\ndef broken(:\n    pass\n\nos.system("rm -rf " + target)\n');
    expect(findings.map((f) => `${f.rule}@${f.line}`)).toEqual(expect.arrayContaining(['python/syntax-error@3', 'python/command-injection@6']));
  });
});
