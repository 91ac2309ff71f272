export function buildAll(opts?: { quiet?: boolean }): Promise<void>;
