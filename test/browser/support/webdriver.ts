// A minimal W3C WebDriver client over fetch: just what the WebKit tests need (session, navigation,
// scripts, elements, click). WebKitGTK's WebKitWebDriver speaks classic W3C WebDriver over HTTP; a full
// client library would add a large dependency tree for six endpoints.
//
// Only loopback drivers are accepted, so a test can never talk to anything but this machine.

/** The W3C key under which an element reference travels. */
const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

function elementRef(v: Record<string, string>): ElementRef {
  const id = v[ELEMENT_KEY];
  if (typeof id !== 'string') throw new WebDriverError('invalid response', `no element reference in ${JSON.stringify(v)}`, 200);
  return { id };
}

export class WebDriverError extends Error {
  constructor(
    readonly error: string,
    message: string,
    readonly status: number,
  ) {
    super(`WebDriver ${error} (${status}): ${message}`);
    this.name = 'WebDriverError';
  }
}

export interface ElementRef {
  readonly id: string;
}

export type Capabilities = Record<string, unknown>;

function assertLoopback(url: string): URL {
  const u = new URL(url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname))
    throw new Error(`refusing a WebDriver server that is not on this machine: ${u.host}`);
  return u;
}

async function call<T>(base: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, timeoutMs = 60_000): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? null : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json: { value?: unknown };
  try {
    json = JSON.parse(text) as { value?: unknown };
  } catch {
    throw new WebDriverError('invalid response', text.slice(0, 200), res.status);
  }
  const value = json.value as { error?: string; message?: string } | undefined;
  if (!res.ok || (value && typeof value === 'object' && typeof value.error === 'string')) {
    throw new WebDriverError(value?.error ?? 'unknown error', value?.message ?? text.slice(0, 200), res.status);
  }
  return json.value as T;
}

/** Whether the driver at `base` is up and will accept a new session. */
export async function driverReady(base: string): Promise<boolean> {
  assertLoopback(base);
  try {
    const v = await call<{ ready?: boolean }>(base, 'GET', '/status', undefined, 2_000);
    return v?.ready === true;
  } catch {
    return false;
  }
}

export class WebDriverSession {
  private constructor(
    private readonly base: string,
    readonly id: string,
    readonly capabilities: Capabilities,
  ) {}

  /** POST /session with `alwaysMatch` capabilities. */
  static async create(driverUrl: string, alwaysMatch: Capabilities): Promise<WebDriverSession> {
    const base = assertLoopback(driverUrl).href.replace(/\/$/, '');
    const v = await call<{ sessionId: string; capabilities: Capabilities }>(
      base,
      'POST',
      '/session',
      { capabilities: { alwaysMatch } },
      120_000,
    );
    return new WebDriverSession(base, v.sessionId, v.capabilities);
  }

  private cmd<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return call<T>(this.base, method, `/session/${this.id}${path}`, body);
  }

  /** Navigates and waits for the page load (the driver's page-load strategy, "normal" by default). */
  async navigate(url: string): Promise<void> {
    await this.cmd('POST', '/url', { url });
  }

  currentUrl(): Promise<string> {
    return this.cmd('GET', '/url');
  }

  title(): Promise<string> {
    return this.cmd('GET', '/title');
  }

  /** Runs `script` as a function body in the page; `arguments[i]` are the args. Returns its (JSON) result. */
  execute<T>(script: string, args: unknown[] = []): Promise<T> {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  /** Like execute, but the script calls `arguments[arguments.length - 1](result)` when done. */
  executeAsync<T>(script: string, args: unknown[] = []): Promise<T> {
    return this.cmd('POST', '/execute/async', { script, args });
  }

  async findElement(css: string): Promise<ElementRef> {
    return elementRef(await this.cmd<Record<string, string>>('POST', '/element', { using: 'css selector', value: css }));
  }

  async findElements(css: string): Promise<ElementRef[]> {
    const v = await this.cmd<Record<string, string>[]>('POST', '/elements', { using: 'css selector', value: css });
    return v.map(elementRef);
  }

  /** The element's rendered text (what a person sees), as WebDriver defines it. */
  elementText(el: ElementRef): Promise<string> {
    return this.cmd('GET', `/element/${el.id}/text`);
  }

  elementAttribute(el: ElementRef, name: string): Promise<string | null> {
    return this.cmd('GET', `/element/${el.id}/attribute/${encodeURIComponent(name)}`);
  }

  /** Scrolls the element into view and clicks its centre, as a person would (a real user gesture). */
  async click(el: ElementRef): Promise<void> {
    await this.cmd('POST', `/element/${el.id}/click`, {});
  }

  elementDisplayed(el: ElementRef): Promise<boolean> {
    return this.cmd('GET', `/element/${el.id}/displayed`);
  }

  async delete(): Promise<void> {
    await this.cmd('DELETE', '');
  }

  /**
   * Polls `condition` until it returns a truthy value (so not '', 0, false, null or undefined), or
   * fails after `timeoutMs` with the last error or value. For conditions WebDriver has no event for.
   */
  async waitFor<T>(condition: () => Promise<T | undefined | null | false | '' | 0>, what: string, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
      try {
        const v = await condition();
        if (v) return v;
        last = v;
      } catch (e) {
        last = e;
      }
      if (Date.now() > deadline)
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`,
        );
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  /** Waits until an element matching `css` exists and returns it. */
  waitForElement(css: string, timeoutMs?: number): Promise<ElementRef> {
    return this.waitFor(() => this.findElement(css), `an element matching ${css}`, timeoutMs);
  }
}
