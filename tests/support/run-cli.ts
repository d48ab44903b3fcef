// Runs the built `netweaver` CLI in a child process, as an engineer would, and returns its exit
// code and output (a non-zero exit is a result to check, not an exception).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { projectRoot } from './shared-data.js';

export async function runCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/netweaver.js', ...args], { cwd: projectRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
