// Where NetWeaver keeps its data by default: the platform's per-user application data folder.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function userDataDir(): string {
  if (process.env.NETWEAVER_HOME) return process.env.NETWEAVER_HOME;
  const home = homedir();
  switch (process.platform) {
    case 'win32':
      return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'NetWeaver');
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'NetWeaver');
    default:
      return join(process.env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'netweaver');
  }
}

export function defaultDatabasePath(): string {
  return join(userDataDir(), 'netweaver.duckdb');
}
