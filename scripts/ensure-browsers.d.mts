// Types for ensure-browsers.mjs (plain JS so it runs before anything is compiled).
export declare const MINIBROWSER_PATH: string;
export declare function which(command: string): string | null;
export declare function browserRequirements(need?: { firefox?: boolean; webkit?: boolean }): { file?: string; bin?: string; pkg: string }[];
export declare function ensureBrowsers(need?: { firefox?: boolean; webkit?: boolean }): Promise<void>;
