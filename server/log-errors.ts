// Errors as they reach the logs. A database's message can quote the value it refused (PostgreSQL's
// `invalid input syntax for type uuid: "…"`, `Key (email)=(…) already exists`), and that value may
// be a person's name or email: every `err` field passes through here, so no log line carries one.

/**
 * The message's first line (later lines are a database's details, such as the failing row), with
 * quoted values, `=(…)` details and anything shaped like an email taken out.
 */
export function redactMessage(message: string): string {
  return (
    message
      // JSON.parse quotes the start of what it refused, quotes and all (a bus message may hold a name),
      // and that excerpt may run over a line: taken out before the first line is.
      .replace(/"[\s\S]*"(?:\.\.\.)? is not valid JSON/, '"…" is not valid JSON')
      .split('\n', 1)
      .map((line) => closeQuote(closeQuote(line, '"'), "'"))[0]!
      .replace(/"[^"]*"/g, '"…"')
      .replace(/'[^']*'/g, "'…'")
      .replace(/=\([^)]*\)/g, '=(…)')
      .replace(/[^\s@"'(]+@[^\s@"')]+/g, '…@…')
  );
}

/** A line with a quote left open (a later line closes it) ends that quote where the line ends. */
function closeQuote(line: string, quote: string): string {
  const count = line.split(quote).length - 1;
  return count % 2 === 1 ? `${line.slice(0, line.lastIndexOf(quote))}${quote}…${quote}` : line;
}

export interface LoggedError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
}

/** pino's serializer for `err`: takes an Error (or a message already taken from one). */
export function errorSerializer(err: unknown): LoggedError | string {
  if (typeof err === 'string') return redactMessage(err);
  if (!(err instanceof Error)) return redactMessage(String(err));
  const message = redactMessage(err.message);
  const code = (err as { code?: unknown }).code;
  // The stack starts with the message (which may run over several lines); only its `at` lines, code
  // locations, are kept.
  const frames = err.stack
    ?.split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
  return {
    type: err.name,
    message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code: String(code) } : {}),
    ...(frames ? { stack: `${err.name}: ${message}\n${frames}` } : {}),
  };
}
