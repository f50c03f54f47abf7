#!/usr/bin/env node
// Flowdeck test peers: starts real FlowFuse, Node-RED and OpenID Provider servers on
// 127.0.0.1 (ephemeral ports), seeds them, writes <state-dir>/peers.json (mode 0600) and
// prints exactly one line on stdout:  "READY <abs path of peers.json>"  or  "FAILED <reason>".
// Everything else goes to stderr and to per-peer logs in <state-dir>/logs/.
//
// It then stays up until SIGTERM / SIGINT / SIGHUP or until its stdin closes (so a dying
// parent takes everything down), stops all children and removes its temp data.
// Children also watch a pipe (fd 3) from this process and stop themselves if it goes away,
// so even a SIGKILL of the launcher leaves no servers behind.
//
// Usage: node tests/peers/launch.mjs [--only flowfuse,nodered,oidc,flowfuse-unlicensed]
//                                    [--state-dir DIR] [--keep] [--ignore-stdin]
//   default --only: flowfuse,nodered,oidc   ("nodered" starts nodered and nodered_noauth, and
//   nodered_strategy too when oidc is wanted: its adminAuth signs in through the oidc peer)
//   --keep          keep peer data dirs (and an auto-created state dir) on exit, for debugging
//   --ignore-stdin  do not exit when stdin closes (for manual use: `node launch.mjs --ignore-stdin &`)
// Env: FLOWDECK_PEERS_TIMEOUT  seconds to wait for each peer to become ready (default 60)

import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tty from 'node:tty';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FF_DIR = path.join(HERE, 'node_modules', '@flowfuse', 'flowfuse');
const NR_DIR = path.join(HERE, 'node-red', 'node_modules', 'node-red');
const T0 = Date.now();
const READY_TIMEOUT_MS = (Number(process.env.FLOWDECK_PEERS_TIMEOUT) || 60) * 1000;

// stdout is reserved for the single READY/FAILED line: route console.log to stderr
// (oidc-provider and friends may log).
const realStdoutWrite = process.stdout.write.bind(process.stdout);
console.log = console.error;
console.info = console.error;
const log = (...a) => console.error(`[peers +${((Date.now() - T0) / 1000).toFixed(1)}s]`, ...a);

// ---------------------------------------------------------------- arguments
function parseArgs(argv) {
  const opts = { only: ['flowfuse', 'nodered', 'oidc'], stateDir: null, keep: false, ignoreStdin: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--only' || a.startsWith('--only=')) opts.only = val().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--state-dir' || a.startsWith('--state-dir=')) opts.stateDir = path.resolve(val());
    else if (a === '--keep') opts.keep = true;
    else if (a === '--ignore-stdin') opts.ignoreStdin = true;
    else if (a === '-h' || a === '--help') {
      console.error('usage: node launch.mjs [--only flowfuse,nodered,oidc,flowfuse-unlicensed] [--state-dir DIR] [--keep] [--ignore-stdin]');
      process.exit(0);
    } else throw new Error(`unknown argument: ${a}`);
  }
  const known = new Set(['flowfuse', 'flowfuse-unlicensed', 'nodered', 'oidc']);
  for (const o of opts.only) if (!known.has(o)) throw new Error(`unknown peer in --only: ${o} (known: ${[...known].join(',')})`);
  if (opts.only.length === 0) throw new Error('--only is empty');
  return opts;
}

// ---------------------------------------------------------------- state / cleanup
const children = new Set(); // { name, proc, exited: Promise }
const httpServers = [];
const cleanupPaths = [];
let shuttingDown = false;
let readyPrinted = false;

function emitLine(line) {
  realStdoutWrite(line + '\n');
}

async function stopChild(c, graceMs = 5000) {
  if (c.proc.exitCode !== null || c.proc.signalCode !== null) return;
  c.stopping = true;
  try { c.proc.kill('SIGTERM'); } catch { /* gone */ }
  const t = setTimeout(() => { try { c.proc.kill('SIGKILL'); } catch { /* gone */ } }, graceMs);
  await c.exited;
  clearTimeout(t);
}

async function shutdown(code, why) {
  if (shuttingDown) return;
  shuttingDown = true;
  log(`shutting down (${why})`);
  const hard = setTimeout(() => {
    for (const c of children) { try { c.proc.kill('SIGKILL'); } catch { /* gone */ } }
    process.exit(code || 1);
  }, 10000);
  await Promise.all([...children].map((c) => stopChild(c)));
  await Promise.all(httpServers.map((s) => new Promise((r) => { s.closeAllConnections?.(); s.close(() => r()); })));
  for (const p of cleanupPaths.reverse()) {
    try { fs.rmSync(p, { recursive: true, force: true }); } catch (e) { log(`could not remove ${p}: ${e.message}`); }
  }
  clearTimeout(hard);
  log('stopped');
  process.exit(code);
}

let failPrinted = false;
function fail(reason) {
  const oneLine = String(reason).replace(/\s+/g, ' ').trim();
  if (!readyPrinted && !failPrinted && !shuttingDown) { failPrinted = true; emitLine(`FAILED ${oneLine}`); }
  log(`FAILED: ${reason}`);
  return shutdown(1, 'failure');
}

// ---------------------------------------------------------------- helpers
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
const usedPorts = new Set();
async function pickPort() {
  for (let i = 0; i < 20; i++) {
    const p = await freePort();
    if (!usedPorts.has(p)) { usedPorts.add(p); return p; }
  }
  throw new Error('could not find a free port');
}

const randomSecret = (n = 18) => crypto.randomBytes(n).toString('base64url');

// RFC 6238 TOTP (SHA-1, 30 s, 6 digits) from an RFC 4648 base32 secret.
function totp(base32, now = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0; let value = 0; const bytes = [];
  for (const c of base32.replace(/=+$/, '').toUpperCase()) {
    const i = alphabet.indexOf(c);
    if (i < 0) throw new Error(`bad base32 character ${c}`);
    value = (value << 5) | i; bits += 5;
    if (bits >= 8) { bytes.push((value >>> (bits - 8)) & 0xff); bits -= 8; }
  }
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 30000)));
  const h = crypto.createHmac('sha1', Buffer.from(bytes)).update(counter).digest();
  const o = h[h.length - 1] & 0xf;
  const code = (h.readUInt32BE(o) & 0x7fffffff) % 1000000;
  return String(code).padStart(6, '0');
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tail(file, lines = 30) {
  try {
    const t = fs.readFileSync(file, 'utf8').split('\n');
    return t.slice(-lines).join('\n');
  } catch { return '(no log)'; }
}

// A tiny CommonJS preload for children: exit when the launcher's fd-3 pipe closes.
const GUARD_SRC = `'use strict';
try {
  const net = require('net');
  const s = new net.Socket({ fd: 3, readable: true, writable: false });
  s.on('error', () => {});
  s.resume();
  const bye = () => {
    try { process.kill(process.pid, 'SIGTERM'); } catch (_) {}
    setTimeout(() => process.exit(1), 4000).unref();
  };
  s.on('end', bye); s.on('close', bye);
  s.unref();
} catch (e) { /* no guard pipe: run normally */ }
`;
let guardFile;

function cleanEnv(extra) {
  const env = { ...process.env, ...extra };
  // FlowFuse takes its version from npm_package_version when run via npm: hide ours.
  for (const k of Object.keys(env)) if (k.startsWith('npm_')) delete env[k];
  delete env.NODE_OPTIONS;
  return env;
}

function startNode(name, args, { cwd, env, logFile }) {
  const fd = fs.openSync(logFile, 'a');
  const proc = spawn(process.execPath, ['--require', guardFile, ...args], {
    cwd, env: cleanEnv(env), stdio: ['ignore', fd, fd, 'pipe'],
  });
  fs.closeSync(fd);
  const c = { name, proc, logFile };
  c.exited = new Promise((resolve) => proc.on('exit', (code, sig) => {
    children.delete(c);
    if (!shuttingDown && !c.stopping) log(`${name} (pid ${proc.pid}) exited code=${code} signal=${sig}`);
    resolve({ code, sig });
  }));
  proc.on('error', (e) => log(`${name}: spawn error ${e.message}`));
  children.add(c);
  log(`${name}: started pid ${proc.pid}, log ${logFile}`);
  return c;
}

// Poll url until check(res) is truthy, the child exits, or the timeout hits.
async function waitReady(name, url, child, check = (r) => r.status < 500) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastErr = '';
  let died = false;
  child?.exited.then(() => { died = true; });
  while (Date.now() < deadline) {
    if (died) throw new Error(`${name} exited before it was ready; log tail (${child.logFile}):\n${tail(child.logFile)}`);
    try {
      const r = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2000) });
      if (await check(r)) return;
      lastErr = `HTTP ${r.status}`;
    } catch (e) { lastErr = e.cause?.code || e.message; }
    await sleep(100);
  }
  throw new Error(`${name} not ready at ${url} after ${READY_TIMEOUT_MS / 1000}s (${lastErr}); log tail` +
    (child ? ` (${child.logFile}):\n${tail(child.logFile)}` : ''));
}

// Minimal HTTP client with a cookie jar, for seeding.
class Client {
  constructor(base, name) { this.base = base; this.name = name; this.cookies = new Map(); this.headers = {}; }
  cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  async req(method, p, body, { expect = [200], headers = {}, raw = false } = {}) {
    const h = { ...this.headers, ...headers };
    if (this.cookies.size) h.cookie = this.cookieHeader();
    let payload;
    if (body !== undefined) { h['content-type'] = 'application/json'; payload = JSON.stringify(body); }
    const r = await fetch(this.base + p, { method, headers: h, body: payload, redirect: 'manual', signal: AbortSignal.timeout(15000) });
    for (const sc of r.headers.getSetCookie()) {
      const [kv] = sc.split(';');
      const i = kv.indexOf('=');
      this.cookies.set(kv.slice(0, i).trim(), kv.slice(i + 1).trim());
    }
    const text = await r.text();
    if (!expect.includes(r.status)) throw new Error(`${this.name}: ${method} ${p} -> HTTP ${r.status}: ${text.slice(0, 400)}`);
    if (raw) return { status: r.status, text, headers: r.headers };
    try { return text ? JSON.parse(text) : {}; } catch { return { _text: text }; }
  }
  get(p, o) { return this.req('GET', p, undefined, o); }
  post(p, b = {}, o) { return this.req('POST', p, b, o); }
  put(p, b = {}, o) { return this.req('PUT', p, b, o); }
  patch(p, b = {}, o) { return this.req('PATCH', p, b, o); }
}

// ---------------------------------------------------------------- FlowFuse
function devLicense() {
  const src = fs.readFileSync(path.join(FF_DIR, 'forge', 'licensing', 'index.js'), 'utf8');
  const m = src.match(/License:\s*\n\s*---\s*\n\s*([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\s*\n\s*---/);
  if (!m) throw new Error('could not find the development license in @flowfuse/flowfuse/forge/licensing/index.js');
  return m[1];
}

async function startFlowFuse({ key, licensed, root, logsDir }) {
  const t0 = Date.now();
  const version = JSON.parse(fs.readFileSync(path.join(FF_DIR, 'package.json'), 'utf8')).version;
  const home = await fsp.mkdtemp(path.join(root, `${key}-`));
  await fsp.mkdir(path.join(home, 'etc'), { recursive: true });
  await fsp.mkdir(path.join(home, 'var'), { recursive: true });
  const logFile = path.join(logsDir, `${key}.log`);
  let port; let child;

  const boot = async () => {
    child = startNode(key, [path.join(FF_DIR, 'forge', 'app.js')], { cwd: home, env: { FLOWFORGE_HOME: home, NODE_ENV: 'production' }, logFile });
    await waitReady(key, `http://127.0.0.1:${port}/api/v1/settings`, child, (r) => r.status === 200);
  };
  // First boot; retry with another port if it was taken in the meantime.
  for (let attempt = 1; ; attempt++) {
    port = await pickPort();
    const base = `http://127.0.0.1:${port}`;
    await fsp.writeFile(path.join(home, 'etc', 'flowforge.yml'), [
      `port: ${port}`,
      'host: 127.0.0.1',
      `base_url: ${base}`,
      `db: { logging: false, type: sqlite, storage: ${JSON.stringify(path.join(home, 'var', 'forge.db'))} }`,
      'driver: { type: stub }',
      'email: { enabled: false }',
      'telemetry: { enabled: false }',
      'logging: { level: info, http: warn }',
      '',
    ].join('\n'));
    try { await boot(); break; } catch (e) {
      if (attempt < 3 && /EADDRINUSE/.test(tail(logFile, 50))) { log(`${key}: port ${port} taken, retrying`); continue; }
      throw e;
    }
  }
  const url = `http://127.0.0.1:${port}`;
  log(`${key}: listening at ${url} (${Date.now() - t0} ms)`);

  // ---- headless first-run setup
  const admin = { username: 'alice', password: `Alice-${randomSecret(12)}`, email: 'alice@example.test', name: 'Alice Admin' };
  const setup = new Client(url, key);
  const page = await setup.get('/setup', { raw: true });
  const csrf = page.text.match(/CSRF_TOKEN\s*=\s*"([^"]+)"/)?.[1];
  if (!csrf) throw new Error(`${key}: no CSRF_TOKEN in /setup page`);
  setup.headers['x-csrf-token'] = csrf;
  await setup.post('/setup/create-user', { name: admin.name, username: admin.username, password: admin.password, email: admin.email });
  if (licensed) await setup.post('/setup/add-license', { license: devLicense() });
  await setup.post('/setup/settings', { telemetry: false });
  await setup.post('/setup/finish', {});
  log(`${key}: setup finished (${Date.now() - t0} ms)`);

  // ---- restart (same port, same base_url): the EE routes (httpTokens, ...) register at boot only
  if (licensed) {
    await stopChild(child);
    for (let attempt = 1; ; attempt++) {
      try { await boot(); break; } catch (e) {
        if (attempt < 3 && /EADDRINUSE/.test(tail(logFile, 20))) { await sleep(300); continue; }
        throw e;
      }
    }
    log(`${key}: restarted with the license (${Date.now() - t0} ms)`);
  }

  // ---- seed as alice
  const ff = new Client(url, key);
  await ff.post('/account/login', { username: admin.username, password: admin.password });
  if (!ff.cookies.get('sid')) throw new Error(`${key}: login gave no sid cookie`);

  const projectTypes = (await ff.get('/api/v1/project-types/')).types;
  if (!projectTypes?.length) throw new Error(`${key}: no project types after setup`);
  const projectTypeId = projectTypes[0].id;
  const stacks = (await ff.get(`/api/v1/stacks/?projectType=${projectTypeId}`)).stacks;
  const stackId = stacks[0]?.id;
  const templates = (await ff.get('/api/v1/templates/')).templates;
  const templateId = templates[0]?.id;
  if (!stackId || !templateId) throw new Error(`${key}: no stack/template after setup`);

  const teamTypes = (await ff.get('/api/v1/team-types/')).types;
  const defaultTT = teamTypes.find((t) => t.order === 1) || teamTypes[0];
  const props = defaultTT.properties || {};
  props.instances = { ...(props.instances || {}), [projectTypeId]: { ...(props.instances?.[projectTypeId] || {}), active: true } };
  const out = { url, version, licensed };
  if (licensed) {
    props.features = { ...(props.features || {}), teamHttpSecurity: true };
  }
  await ff.put(`/api/v1/team-types/${defaultTT.id}`, { properties: props });
  out.teamTypeId = defaultTT.id;
  out.projectTypeId = projectTypeId;
  out.stackId = stackId;
  out.templateId = templateId;

  let noHttpTT;
  if (licensed) {
    const props2 = JSON.parse(JSON.stringify(props));
    props2.features.teamHttpSecurity = false;
    noHttpTT = await ff.post('/api/v1/team-types/', {
      name: 'No HTTP tokens', description: 'Team type without Team-based Endpoint Security (teamHttpSecurity: false)',
      active: true, order: 2, properties: props2,
    });
    out.noHttpTeamTypeId = noHttpTT.id;
  }

  const team = await ff.post('/api/v1/teams/', { name: 'Flowdeck Test', type: defaultTT.id });
  out.team = { id: team.id, slug: team.slug, name: team.name };
  const app = await ff.post('/api/v1/applications/', { name: 'Seed Application', teamId: team.id });
  out.applicationId = app.id;
  const inst = await ff.post('/api/v1/projects/', { name: 'seed-instance', applicationId: app.id, projectType: projectTypeId, stack: stackId, template: templateId });
  out.instance = { id: inst.id, name: inst.name, url: inst.url };

  if (licensed) {
    const plain = await ff.post('/api/v1/teams/', { name: 'Plain Team', type: noHttpTT.id });
    out.plainTeam = { id: plain.id, slug: plain.slug, name: plain.name };
  }

  const pat = await ff.post('/api/v1/user/tokens', { name: 'flowdeck-tests', scope: '' });
  if (!/^ffpat_/.test(pat.token || '')) throw new Error(`${key}: PAT creation returned no ffpat_ token`);
  out.admin = admin;
  out.pat = pat.token;
  out.patId = pat.id;

  // ---- bob: non-admin Member of "Flowdeck Test" (admin creates, invites; bob accepts)
  if (licensed) {
    const member = { username: 'bob', password: `Bob-${randomSecret(12)}`, email: 'bob@example.test', name: 'Bob Member' };
    const bob = await ff.post('/api/v1/users', { name: member.name, username: member.username, password: member.password, email: member.email, isAdmin: false, createDefaultTeam: false });
    member.id = bob.id;
    const inv = await ff.post(`/api/v1/teams/${team.id}/invitations`, { user: member.username, role: 30 });
    if (inv.code) throw new Error(`${key}: inviting bob failed: ${JSON.stringify(inv)}`);
    const bc = new Client(url, `${key}/bob`);
    await bc.post('/account/login', { username: member.username, password: member.password });
    const invs = (await bc.get('/api/v1/user/invitations/')).invitations || [];
    const mine = invs.find((i) => i.team?.id === team.id);
    if (!mine) throw new Error(`${key}: bob has no invitation to ${team.id}`);
    await bc.patch(`/api/v1/user/invitations/${mine.id}`, {});
    const members = (await ff.get(`/api/v1/teams/${team.id}/members/`)).members || [];
    const m = members.find((x) => x.username === member.username);
    if (!m || m.role !== 30) throw new Error(`${key}: bob is not a Member of the team: ${JSON.stringify(m)}`);
    member.role = m.role;
    out.member = member;
  }

  // ---- carol: MFA (TOTP) enabled, no team; the secret is exported so a
  // test can compute the six-digit code itself (RFC 6238, like an
  // authenticator app would).
  if (licensed) {
    const mfa = { username: 'carol', password: `Carol-${randomSecret(12)}`, email: 'carol@example.test', name: 'Carol Mfa' };
    await ff.post('/api/v1/users', { name: mfa.name, username: mfa.username, password: mfa.password, email: mfa.email, isAdmin: false, createDefaultTeam: false });
    const cc = new Client(url, `${key}/carol`);
    await cc.post('/account/login', { username: mfa.username, password: mfa.password });
    const setup = await cc.put('/api/v1/user/mfa', {});
    const secret = new URL(setup.url).searchParams.get('secret');
    if (!secret) throw new Error(`${key}: MFA setup returned no secret: ${setup.url}`);
    await cc.put('/api/v1/user/mfa/verify', { token: totp(secret) });
    const me = await cc.get('/api/v1/user');
    if (me.mfa_enabled !== true) throw new Error(`${key}: MFA is not enabled for carol: ${JSON.stringify(me)}`);
    mfa.totpSecret = secret;
    out.mfa = mfa;
  }

  // ---- verify with the PAT
  const pc = new Client(url, `${key}/pat`);
  pc.headers.authorization = `Bearer ${out.pat}`;
  const settings = await pc.get('/api/v1/settings');
  out.httpBearerTokens = settings.features?.httpBearerTokens === true;
  if (licensed && !out.httpBearerTokens) throw new Error(`${key}: features.httpBearerTokens is not true with the license: ${JSON.stringify(settings.features)}`);
  if (!licensed && out.httpBearerTokens) throw new Error(`${key}: unlicensed server unexpectedly reports httpBearerTokens`);
  out.licenseType = settings.license?.type ?? null;
  await pc.get(`/api/v1/teams/${team.id}/projects`);

  out.home = home;
  out.log = logFile;
  out.pid = child.proc.pid;
  log(`${key}: seeded (${Date.now() - t0} ms)`);
  return out;
}

// ---------------------------------------------------------------- Node-RED
function nodeRedFlows() {
  return [
    { id: 'a1b2c3d4e5f60001', type: 'tab', label: 'Flowdeck Tab 1', disabled: false, info: 'Seeded by tests/peers/launch.mjs' },
    { id: 'a1b2c3d4e5f60002', type: 'tab', label: 'Flowdeck Tab 2', disabled: false, info: '' },
    {
      id: 'b1b2c3d4e5f60001', type: 'inject', z: 'a1b2c3d4e5f60001', name: 'tick', props: [{ p: 'payload' }, { p: 'topic', vt: 'str' }],
      repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: 'seed', payload: '', payloadType: 'date', x: 130, y: 80, wires: [['b1b2c3d4e5f60002']],
    },
    {
      id: 'b1b2c3d4e5f60002', type: 'function', z: 'a1b2c3d4e5f60001', name: 'double', func: 'msg.payload = Number(msg.payload) * 2;\nreturn msg;',
      outputs: 1, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [], x: 300, y: 80, wires: [['b1b2c3d4e5f60003']],
    },
    {
      id: 'b1b2c3d4e5f60003', type: 'debug', z: 'a1b2c3d4e5f60001', name: 'show', active: true, tosidebar: true, console: false, tostatus: false,
      complete: 'payload', targetType: 'msg', statusVal: '', statusType: 'auto', x: 470, y: 80, wires: [],
    },
    {
      id: 'b1b2c3d4e5f60004', type: 'inject', z: 'a1b2c3d4e5f60002', name: 'hello', props: [{ p: 'payload' }],
      repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '', payload: 'hello', payloadType: 'str', x: 130, y: 80, wires: [['b1b2c3d4e5f60005']],
    },
    {
      id: 'b1b2c3d4e5f60005', type: 'debug', z: 'a1b2c3d4e5f60002', name: 'out', active: true, tosidebar: true, console: false, tostatus: false,
      complete: 'true', targetType: 'full', statusVal: '', statusType: 'auto', x: 300, y: 80, wires: [],
    },
  ];
}

// Node-RED looks for node modules in every node_modules directory above its core nodes
// (@node-red/registry localfilesystem.js scanTreeForNodesModules). Installed under
// tests/peers/node-red/, that walk reaches tests/peers/node_modules and loads FlowFuse's
// Node-RED plugins (nr-assistant, nr-file-nodes, nr-mqtt-nodes, ...). Point coreNodesDir at a
// symlink under os.tmpdir() instead, whose parents hold no node_modules.
let coreNodesLink;
async function isolatedCoreNodesDir() {
  if (!coreNodesLink) {
    coreNodesLink = (async () => {
      const real = path.join(NR_DIR, '..', '@node-red', 'nodes');
      const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'flowdeck-nrcore-'));
      cleanupPaths.push(dir);
      const link = path.join(dir, 'nodes');
      await fsp.symlink(fs.realpathSync(real), link, 'dir');
      return link;
    })();
  }
  return coreNodesLink;
}

// adminAuth of type "strategy": passport-openidconnect against the oidc peer. Written as
// JavaScript, since it holds the Strategy class and functions. Only `tester` (the oidc
// peer's account) may sign in, with every permission.
function strategySettingsSource(settings, oidc) {
  const strategyModule = path.join(HERE, 'node-red', 'node_modules', 'passport-openidconnect');
  const c = oidc.node_red_strategy_client;
  return `// generated by tests/peers/launch.mjs
const { Strategy } = require(${JSON.stringify(strategyModule)});
const settings = ${JSON.stringify(settings, null, 2)};
settings.adminAuth = {
  type: 'strategy',
  strategy: {
    name: 'openidconnect',
    label: 'Sign in with Test OIDC',
    icon: 'fa-id-card',
    strategy: Strategy,
    options: {
      issuer: ${JSON.stringify(oidc.issuer)},
      authorizationURL: ${JSON.stringify(`${oidc.issuer}/auth`)},
      tokenURL: ${JSON.stringify(`${oidc.issuer}/token`)},
      userInfoURL: ${JSON.stringify(`${oidc.issuer}/me`)},
      clientID: ${JSON.stringify(c.client_id)},
      clientSecret: ${JSON.stringify(c.client_secret)},
      callbackURL: ${JSON.stringify(`http://127.0.0.1:${settings.uiPort}/auth/strategy/callback`)},
      scope: 'openid profile email',
      verify: function (issuer, profile, done) { done(null, { username: profile.id }); },
    },
  },
  users: function (username) {
    return Promise.resolve(username === ${JSON.stringify(oidc.account.login)} ? { username, permissions: '*' } : null);
  },
};
module.exports = settings;
`;
}

async function startNodeRed({ key, withAuth, root, logsDir, oidc = null }) {
  const t0 = Date.now();
  const version = JSON.parse(fs.readFileSync(path.join(NR_DIR, 'package.json'), 'utf8')).version;
  const dir = await fsp.mkdtemp(path.join(root, `${key}-`));
  const userDir = path.join(dir, 'userDir');
  await fsp.mkdir(userDir);
  await fsp.writeFile(path.join(userDir, 'flows.json'), JSON.stringify(nodeRedFlows(), null, 2));
  const logFile = path.join(logsDir, `${key}.log`);
  const users = {
    admin: { password: `Admin-${randomSecret(12)}`, permissions: '*' },
    reader: { password: `Reader-${randomSecret(12)}`, permissions: 'read' },
  };
  let adminAuth = null;
  if (withAuth) {
    const nrRequire = createRequire(path.join(NR_DIR, 'package.json'));
    let bcrypt;
    try { bcrypt = nrRequire('bcryptjs'); } catch { bcrypt = createRequire(path.join(HERE, 'node-red', 'package.json'))('bcryptjs'); }
    adminAuth = {
      type: 'credentials',
      users: Object.entries(users).map(([username, u]) => ({ username, password: bcrypt.hashSync(u.password, 8), permissions: u.permissions })),
    };
  }
  for (let attempt = 1; ; attempt++) {
    const port = await pickPort();
    const settings = {
      uiHost: '127.0.0.1',
      uiPort: port,
      userDir,
      coreNodesDir: await isolatedCoreNodesDir(),
      flowFile: 'flows.json',
      flowFilePretty: true,
      credentialSecret: randomSecret(16),
      ...(adminAuth ? { adminAuth } : {}),
      diagnostics: { enabled: true, ui: true },
      runtimeState: { enabled: true, ui: true },
      telemetry: { enabled: false, updateNotification: false },
      externalModules: { autoInstall: false, palette: { allowInstall: false, allowUpdate: false, allowUpload: false }, modules: { allowInstall: false } },
      functionExternalModules: false,
      editorTheme: { palette: { catalogues: [] }, tours: false },
      logging: { console: { level: 'info', metrics: false, audit: false } },
    };
    const settingsFile = path.join(dir, 'settings.cjs');
    await fsp.writeFile(settingsFile, oidc
      ? strategySettingsSource(settings, oidc)
      : `// generated by tests/peers/launch.mjs\nmodule.exports = ${JSON.stringify(settings, null, 2)};\n`);
    const child = startNode(key, [path.join(NR_DIR, 'red.js'), '--settings', settingsFile, '--userDir', userDir], { cwd: dir, env: {}, logFile });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitReady(key, `${url}/auth/login`, child, async (r) => r.status === 200 && (await r.json().catch(() => null)) !== null);
    } catch (e) {
      if (attempt < 3 && /EADDRINUSE/.test(tail(logFile, 30))) { log(`${key}: port ${port} taken, retrying`); await stopChild(child); continue; }
      throw e;
    }
    // The HTTP server answers a moment before the flows are started; wait for them.
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!/Started flows/.test(tail(logFile, 40)) && Date.now() < deadline) await sleep(100);
    log(`${key}: ready at ${url} (${Date.now() - t0} ms)`);
    const out = { url, version, pid: child.proc.pid, log: logFile, userDir, settingsFile };
    if (withAuth) out.users = users;
    if (oidc) out.strategy = { issuer: oidc.issuer, username: oidc.account.login, label: 'Sign in with Test OIDC' };
    return out;
  }
}

// ---------------------------------------------------------------- oidc-provider
async function startOidc({ logsDir }) {
  const t0 = Date.now();
  const { default: Provider } = await import('oidc-provider');
  const version = JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules', 'oidc-provider', 'package.json'), 'utf8')).version;
  const server = http.createServer();
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve); });
  httpServers.push(server);
  const port = server.address().port;
  const issuer = `http://127.0.0.1:${port}`;
  const logFile = path.join(logsDir, 'oidc.log');
  const logStream = fs.createWriteStream(logFile, { flags: 'a' });

  const API_RESOURCE = 'urn:flowdeck:test-api';
  const account = { login: 'tester', password: 'any-non-empty-password', name: 'Test User', email: 'tester@example.test' };
  const confidential = { client_id: 'flowdeck-confidential', client_secret: randomSecret(24) };
  // The Node-RED peer with a Passport OpenID Connect strategy signs its users in here.
  // passport-openidconnect 0.1.2 sends no PKCE, so this one client is exempt from it.
  const nodeRedStrategy = { client_id: 'node-red-strategy', client_secret: randomSecret(24) };
  const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'ES256', kid: 'flowdeck-test-es256' };
  const { privateKey: rsaKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsaJwk = { ...rsaKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: 'flowdeck-test-rs256' };
  const redirectUris = ['http://127.0.0.1/callback', 'http://[::1]/callback'];

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'flowdeck-test',
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        redirect_uris: redirectUris,
        post_logout_redirect_uris: redirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        scope: 'openid profile email offline_access api:read api:write',
      },
      {
        client_id: nodeRedStrategy.client_id,
        client_secret: nodeRedStrategy.client_secret,
        application_type: 'native',
        token_endpoint_auth_method: 'client_secret_post',
        // Loopback, any port (RFC 8252 §7.3): the Node-RED port is picked later.
        redirect_uris: ['http://127.0.0.1/auth/strategy/callback'],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        scope: 'openid profile email',
      },
      {
        client_id: confidential.client_id,
        client_secret: confidential.client_secret,
        application_type: 'native',
        token_endpoint_auth_method: 'client_secret_post',
        redirect_uris: redirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        scope: 'openid profile email offline_access api:read api:write',
      },
    ],
    jwks: { keys: [rsaJwk, jwk] },
    cookies: { keys: [randomSecret(32)] },
    pkce: { required: (ctx, client) => client.clientId !== nodeRedStrategy.client_id },
    scopes: ['openid', 'offline_access', 'profile', 'email', 'api:read', 'api:write'],
    claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'] },
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: true },
      // A public client may introspect only its own tokens (oidc-provider's default policy,
      // spelled out here); the confidential client may introspect anything.
      introspection: {
        enabled: true,
        allowedPolicy: (ctx, client, token) => !(client.clientAuthMethod === 'none' && token.clientId !== client.clientId),
      },
      userinfo: { enabled: true },
      // api:read / api:write are resource-server scopes. They are granted for this resource,
      // which is the default resource only when the request asks for an api:* scope (so a
      // plain "openid profile" login still yields a token usable at /me).
      resourceIndicators: {
        enabled: true,
        defaultResource: (ctx, client, oneOf) => {
          if (oneOf) return oneOf;
          const scope = String(ctx.oidc?.params?.scope || '');
          return /(^|\s)api:(read|write)(\s|$)/.test(scope) ? API_RESOURCE : undefined;
        },
        getResourceServerInfo: (ctx, resourceIndicator) => {
          if (resourceIndicator !== API_RESOURCE) throw new Provider.errors.InvalidTarget();
          return { scope: 'api:read api:write', audience: API_RESOURCE, accessTokenFormat: 'opaque', accessTokenTTL: 3600 };
        },
        useGrantedResource: () => true,
      },
    },
    ttl: {
      AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, RefreshToken: 14 * 24 * 3600,
      Interaction: 3600, Session: 24 * 3600, Grant: 14 * 24 * 3600,
    },
    rotateRefreshToken: true,
    issueRefreshToken: () => true,
    async findAccount(ctx, id) {
      // devInteractions submits whatever "login" was typed as the account id (password unchecked).
      return {
        accountId: id,
        async claims() {
          if (id === account.login) return { sub: id, name: account.name, email: account.email, email_verified: true };
          return { sub: id, name: `Test ${id}`, email: `${id}@example.test`, email_verified: true };
        },
      };
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      const esc = (s) => String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
      ctx.body = `<!DOCTYPE html><html><head><title>oops! something went wrong</title></head><body><h1>oops! something went wrong</h1><pre>${
        Object.entries(out).map(([k, v]) => `${esc(k)}: ${esc(v)}`).join('\n')}</pre></body></html>`;
    },
  });
  provider.proxy = false;
  // The dev interaction pages @import a Google web font; strip it so a web view under test
  // never reaches beyond loopback.
  provider.use(async (ctx, next) => {
    await next();
    if (typeof ctx.body === 'string' && /html/.test(ctx.type || '')) {
      ctx.body = ctx.body.replace(/@import url\(https?:[^)]*\);?/g, '');
    }
  });
  provider.use(async (ctx, next) => {
    const start = Date.now();
    try { await next(); } finally {
      logStream.write(`${new Date().toISOString()} ${ctx.method} ${ctx.path} -> ${ctx.status} ${Date.now() - start}ms\n`);
    }
  });
  for (const ev of ['server_error', 'authorization.error', 'grant.error', 'introspection.error', 'revocation.error', 'userinfo.error', 'end_session.error']) {
    provider.on(ev, (...args) => {
      const err = args.find((a) => a instanceof Error);
      logStream.write(`${new Date().toISOString()} ${ev}: ${err ? `${err.name}: ${err.message} ${err.error_description || ''}` : ''}\n`);
    });
  }
  server.on('request', provider.callback());
  await waitReady('oidc', `${issuer}/.well-known/openid-configuration`, null, (r) => r.status === 200);

  // Experiment: does a native client's loopback redirect URI accept a port other than the registered one?
  const verifier = randomSecret(32);
  const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
  const probe = new URL(`${issuer}/auth`);
  probe.search = new URLSearchParams({
    client_id: 'flowdeck-test', response_type: 'code', scope: 'openid', state: randomSecret(16),
    code_challenge: challenge, code_challenge_method: 'S256', redirect_uri: 'http://127.0.0.1:54321/callback',
  }).toString();
  const pr = await fetch(probe, { redirect: 'manual' });
  const loc = pr.headers.get('location') || '';
  // Accepted → 303 to the interaction page; refused → 400 error page (redirect_uri can't be trusted).
  const loopbackPortMayVary = pr.status >= 300 && pr.status < 400 && loc.includes('/interaction/');
  log(`oidc: ready at ${issuer} (${Date.now() - t0} ms); loopback port may vary: ${loopbackPortMayVary}`);

  return {
    issuer,
    version,
    client_id: 'flowdeck-test',
    redirect_uris: redirectUris,
    scopes: ['openid', 'profile', 'email', 'offline_access', 'api:read', 'api:write'],
    api_resource: API_RESOURCE,
    confidential_client: { ...confidential, token_endpoint_auth_method: 'client_secret_post' },
    node_red_strategy_client: nodeRedStrategy,
    account,
    loopback_port_may_vary: loopbackPortMayVary,
    log: logFile,
  };
}

// ---------------------------------------------------------------- main
async function main() {
  let opts;
  try { opts = parseArgs(process.argv.slice(2)); } catch (e) { emitLine(`FAILED ${e.message}`); process.exit(1); }

  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, () => shutdown(0, sig));
  process.on('uncaughtException', (e) => fail(`uncaught exception: ${e.stack || e}`));
  process.on('unhandledRejection', (e) => fail(`unhandled rejection: ${e?.stack || e}`));
  // Watch stdin only when it is a pipe, socket or terminal: a parent that dies closes it.
  // (/dev/null or a regular file would "close" at once.)
  let stdinKind = 'other';
  try {
    const st = fs.fstatSync(0);
    if (st.isFIFO()) stdinKind = 'pipe'; else if (st.isSocket()) stdinKind = 'socket'; else if (tty.isatty(0)) stdinKind = 'tty';
  } catch { stdinKind = 'closed'; }
  if (!opts.ignoreStdin && stdinKind !== 'other' && stdinKind !== 'closed') {
    const gone = (why) => {
      if (!readyPrinted && !shuttingDown) return fail(`${why} before the peers were ready (parent gone?); use --ignore-stdin to run detached`);
      return shutdown(0, why);
    };
    process.stdin.on('end', () => gone('stdin closed'));
    process.stdin.on('close', () => gone('stdin closed'));
    process.stdin.on('error', () => gone('stdin error'));
    process.stdin.resume();
  } else if (!opts.ignoreStdin) {
    log(`stdin is not a pipe/socket/tty (${stdinKind}): not watching it; stop me with SIGTERM/SIGINT`);
  }

  // State dir: given (kept, only our data dirs inside are removed) or a fresh temp dir (removed).
  let stateDir = opts.stateDir;
  if (stateDir) {
    await fsp.mkdir(stateDir, { recursive: true, mode: 0o700 });
  } else {
    stateDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'flowdeck-peers-'));
    if (!opts.keep) cleanupPaths.push(stateDir);
  }
  const root = await fsp.mkdtemp(path.join(stateDir, 'run-'));
  if (!opts.keep) cleanupPaths.push(root);
  const logsDir = path.join(stateDir, 'logs');
  await fsp.mkdir(logsDir, { recursive: true });
  guardFile = path.join(root, 'child-guard.cjs');
  await fsp.writeFile(guardFile, GUARD_SRC);
  const peersFile = path.join(stateDir, 'peers.json');
  if (!opts.keep) cleanupPaths.push(peersFile);
  log(`state dir ${stateDir}, peers: ${opts.only.join(',')}`);

  const want = new Set(opts.only);
  const need = (dir, what) => {
    if (!fs.existsSync(dir)) throw new Error(`${what} is not installed (${dir} missing): run tests/peers/install.sh`);
  };
  if (want.has('flowfuse') || want.has('flowfuse-unlicensed')) need(FF_DIR, '@flowfuse/flowfuse');
  if (want.has('oidc')) need(path.join(HERE, 'node_modules', 'oidc-provider'), 'oidc-provider');
  if (want.has('nodered')) need(NR_DIR, 'node-red');

  const tasks = {};
  if (want.has('oidc')) tasks.oidc = startOidc({ logsDir });
  if (want.has('nodered')) {
    tasks.nodered = startNodeRed({ key: 'nodered', withAuth: true, root, logsDir });
    tasks.nodered_noauth = startNodeRed({ key: 'nodered_noauth', withAuth: false, root, logsDir });
    // Signs in through the oidc peer, so it starts once that is ready.
    if (tasks.oidc) {
      tasks.nodered_strategy = tasks.oidc.then((oidc) =>
        startNodeRed({ key: 'nodered_strategy', withAuth: false, root, logsDir, oidc }));
    }
  }
  if (want.has('flowfuse')) tasks.flowfuse = startFlowFuse({ key: 'flowfuse', licensed: true, root, logsDir });
  if (want.has('flowfuse-unlicensed')) tasks.flowfuse_unlicensed = startFlowFuse({ key: 'flowfuse_unlicensed', licensed: false, root, logsDir });

  // Fail fast: the first peer that fails stops everything.
  const entries = Object.entries(tasks);
  const results = await Promise.allSettled(entries.map(([k, p]) => p.catch((e) => {
    fail(`${k}: ${e?.message || e}`);
    throw e;
  })));
  if (results.some((r) => r.status === 'rejected') || shuttingDown) return;
  const peers = { launcher: { pid: process.pid, stateDir, logs: logsDir, startedInMs: Date.now() - T0 } };
  results.forEach((r, i) => { peers[entries[i][0]] = r.value; });

  const tmp = `${peersFile}.tmp-${process.pid}`;
  await fsp.writeFile(tmp, JSON.stringify(peers, null, 2) + '\n', { mode: 0o600 });
  await fsp.chmod(tmp, 0o600);
  await fsp.rename(tmp, peersFile);
  if (shuttingDown) return;
  readyPrinted = true;
  log(`all peers ready in ${((Date.now() - T0) / 1000).toFixed(1)} s`);
  emitLine(`READY ${peersFile}`);
}

main().catch((e) => fail(e.stack || e.message || String(e)));
