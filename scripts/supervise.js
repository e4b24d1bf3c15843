#!/usr/bin/env node
// Runs each app of `npm start` as a process manager would: an app that dies is started again
// after a pause that doubles from 1 s to 30 s (back to 1 s once it has run for a minute), its
// death and restart logged. SIGINT or SIGTERM stops every app, waits for them, and exits.
// Usage: node scripts/supervise.js NAME=SCRIPT [NAME=SCRIPT ...]
const { spawn } = require('node:child_process');

const FIRST_PAUSE_MS = 1_000;
const LONGEST_PAUSE_MS = 30_000;
const HEALTHY_AFTER_MS = 60_000;

const log = (message) => process.stderr.write(`[supervise] ${message}\n`);
let stopping = false;
const apps = process.argv.slice(2).map((spec) => {
  const [name, script] = spec.split('=');
  if (!name || !script) throw new Error(`Expected NAME=SCRIPT, got ${spec}`);
  return { name, script, child: undefined, pause: FIRST_PAUSE_MS, timer: undefined };
});

function start(app) {
  const startedAt = Date.now();
  app.child = spawn(process.execPath, [app.script], { stdio: 'inherit' });
  log(`${app.name} started (pid ${app.child.pid})`);
  app.child.on('exit', (code, signal) => {
    app.child = undefined;
    if (stopping) return;
    if (Date.now() - startedAt >= HEALTHY_AFTER_MS) app.pause = FIRST_PAUSE_MS;
    log(`${app.name} died (${signal ? `signal ${signal}` : `exit code ${code}`}); restarting in ${app.pause} ms`);
    app.timer = setTimeout(() => start(app), app.pause);
    app.pause = Math.min(LONGEST_PAUSE_MS, app.pause * 2);
  });
}

function stop(signal) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping ${apps.map((app) => app.name).join(', ')}`);
  for (const app of apps) {
    clearTimeout(app.timer);
    app.child?.kill('SIGTERM');
  }
  const waitForAll = setInterval(() => {
    if (apps.every((app) => !app.child)) {
      clearInterval(waitForAll);
      process.exit(0);
    }
  }, 100);
}

process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
apps.forEach(start);
