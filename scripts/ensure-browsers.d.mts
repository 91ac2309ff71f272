// Types for ensure-browsers.mjs (plain JS so it runs before anything is compiled).
export declare const MINIBROWSER_PATH: string;
export declare function which(command: string): string | null;
export declare const FIREFOX_ESR_MIN: number;
export declare function firefoxMajor(path: string): number | null;
export declare function browserRequirements(need?: {
  firefox?: boolean;
  webkit?: boolean;
}): { file?: string; bin?: string; check?: () => boolean; problem?: () => string; pkg: string }[];
export declare function ensureBrowsers(need?: { firefox?: boolean; webkit?: boolean }): Promise<void>;
