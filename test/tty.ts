/**
 * A real pseudo-terminal for interactive tests, driven through tmux: start
 * the built bin in a detached session, type keys, and wait (bounded polling,
 * never fixed sleeps) for text on the screen. Each terminal has its own tmux
 * server socket, so parallel tests never share one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN } from './helpers.js';

/** Whether tmux is there. In CI its absence is a failure, not a skip: the terminal tests must run there. */
export function hasTmux(): boolean {
  if (spawnSync('tmux', ['-V']).status === 0) return true;
  if (process.env.CI) throw new Error('tmux is required in CI (apt-get install tmux): test/interactive.test.ts drives a real terminal with it');
  return false;
}

export class Tty {
  private readonly socket: string;
  private readonly exitFile: string;

  /** `script`: the Node program to run (default: docpact's bin; plop's, for the plop pack). */
  constructor(cwd: string, args: string[], env: Record<string, string> = {}, script = BIN) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docpact-tty-'));
    this.socket = path.join(tmp, 'tmux.sock');
    this.exitFile = path.join(tmp, 'exit');
    const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    // CI is unset: docpact never prompts in CI, and this is a user at a terminal.
    const vars = Object.entries({ NO_COLOR: '1', TERM: 'xterm', ...env }).map(([k, v]) => `${k}=${q(v)}`);
    const cmd = `cd ${q(cwd)} && env -u CI -u NODE_EXTRA_CA_CERTS ${vars.join(' ')} ${q(process.execPath)} ${q(script)} ${args.map(q).join(' ')}; echo $? > ${q(this.exitFile)}; sleep 600`;
    this.tmux('new-session', '-d', '-x', '120', '-y', '40', 'sh', '-c', cmd);
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-S', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-J');
  }

  /** Type text literally (no key names). */
  type(text: string): void {
    this.tmux('send-keys', '-l', text);
  }

  /** Press keys by tmux name: Enter, Down, C-c, … */
  press(...keys: string[]): void {
    this.tmux('send-keys', ...keys);
  }

  /** Poll the screen until `re` matches (20 s at most); returns the screen. */
  async waitFor(re: RegExp, timeoutMs = 20_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < until) {
      last = this.screen();
      if (re.test(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${re} on the terminal; it shows:\n${last}`);
  }

  /** The exit code, once the command has finished (20 s at most). */
  async exitCode(timeoutMs = 20_000): Promise<number> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const text = fs.existsSync(this.exitFile) ? fs.readFileSync(this.exitFile, 'utf8').trim() : '';
      if (text) return Number(text);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the command did not finish; the terminal shows:\n${this.screen()}`);
  }

  close(): void {
    spawnSync('tmux', ['-S', this.socket, 'kill-server']);
    fs.rmSync(path.dirname(this.socket), { recursive: true, force: true });
  }
}
