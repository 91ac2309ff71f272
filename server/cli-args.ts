// node:util's parseArgs refuses `--id -x3F` as ambiguous: a value that starts with '-' looks like
// another option. Our ids are base64url and one in 32 starts with '-', so the admin commands attach
// the word after each of their string options to it (`--id=-x3F`), which parseArgs takes as written.
export function attachOptionValues(args: readonly string[], stringOptions: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (next !== undefined && arg.startsWith('--') && stringOptions.includes(arg.slice(2))) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}
