// Finding the real tools tests use as oracles (tshark, softflowd, python3 with networkx …).
import { execFileSync } from 'node:child_process';

export function which(tool: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Debian's python3 (not a pyenv shim): python3-networkx, -igraph, -torch, -onnx live there. */
export const debianPython = '/usr/bin/python3';

export function pythonHasModule(module: string): boolean {
  try {
    execFileSync(debianPython, ['-c', `import ${module}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function missingToolReason(tool: string): string {
  return `needs ${tool}, which is not installed (.ci/run installs it with apt-get)`;
}
