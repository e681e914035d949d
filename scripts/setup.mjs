#!/usr/bin/env node
// Makes a fresh machine ready to build, test and run the project, and does
// nothing on one that already is: npm packages from the lockfile, then the
// Debian packages the emulator and the browser tests use.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Debian packages, and what needs them. */
export const systemPackages = [
  { name: 'chromium', neededBy: 'the browser tests (test/browser) and the benchmarks that drive a page' },
  { name: 'pocketsphinx', neededBy: "the emulator's speech-to-text engine" },
  { name: 'pocketsphinx-en-us', neededBy: "the emulator's English acoustic model" },
];

function installNpmPackages() {
  const marker = join(root, 'node_modules/.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('setup: installing npm packages (npm ci)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}

function isInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

function installSystemPackages() {
  if (process.platform !== 'linux' || !existsSync('/usr/bin/dpkg-query')) {
    console.log(`setup: not a Debian system; install ${systemPackages.map((p) => p.name).join(', ')} yourself for STT and browser tests`);
    return;
  }
  const missing = systemPackages.filter((p) => !isInstalled(p.name));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.name);
  const aptGet = process.getuid?.() === 0 ? ['apt-get'] : ['sudo', 'apt-get'];
  const apt = (...args) => spawnSync(aptGet[0], [...aptGet.slice(1), ...args], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  console.log(`setup: installing Debian packages: ${names.join(', ')}`);
  const update = apt('update', '-qq');
  const install = update.status === 0 ? apt('install', '-y', '-qq', '--no-install-recommends', ...names) : update;
  if (install.status !== 0) {
    for (const p of missing) console.error(`setup: ${p.name} is missing; ${p.neededBy} need it. Install it with: sudo apt-get install -y ${p.name}`);
    process.exitCode = 1;
  }
}

installNpmPackages();
installSystemPackages();
if (process.exitCode) process.exit(process.exitCode);

