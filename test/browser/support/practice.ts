// The practice set up over its API from a browser test (faster than the screens, which
// practice-dashboard.spec.ts covers). The set-up link and axe-core are in practice-pages.ts.
/** Calls the practice API as a signed-in staff member would (cookie and CSRF token). */
export class PracticeApi {
  private cookie = '';
  private csrf = '1';

  constructor(private readonly baseUrl: string) {}

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/api/practice${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        'x-vestibule-csrf': this.csrf,
        cookie: this.cookie,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** Creates the owner from the set-up link and signs them in. */
  async setUpOwner(link: string, owner: { name: string; email: string; password: string }): Promise<string> {
    await this.call('POST', '/setup', { token: link.split('#t=')[1], ...owner });
    const signedIn = await this.call<{ staff: { id: string }; csrfToken: string }>('POST', '/sign-in', {
      email: owner.email,
      password: owner.password,
    });
    this.csrf = signedIn.csrfToken;
    return signedIn.staff.id;
  }
}
