// Global setup hands the running server's details to the test workers through the environment
// (Playwright passes process.env changes made in global setup on to workers).
export interface ServerInfo {
  baseUrl: string;
  dataDir: string;
  logFile: string;
  pid: number;
}

const KEY = 'VESTIBULE_E2E_SERVER';

export function publishServerInfo(info: ServerInfo): void {
  process.env[KEY] = JSON.stringify(info);
}

export function serverInfo(): ServerInfo {
  const raw = process.env[KEY];
  if (!raw) throw new Error('The browser tests must run through Playwright with its global setup (npm test)');
  return JSON.parse(raw) as ServerInfo;
}
