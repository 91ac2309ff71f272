// Refusals the practice routes answer with: a status, a stable code for the dashboard, and a plain
// message for the person. Messages never carry a name, an email or a token (they may reach logs).
export class PracticeError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** Seconds until trying again makes sense (429). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, code = 'bad_request') => new PracticeError(400, code, message);
export const notSignedIn = (message = 'Please sign in.', code = 'not_signed_in') => new PracticeError(401, code, message);
export const forbidden = (message = 'Your role does not allow this.', code = 'forbidden') => new PracticeError(403, code, message);
export const notFound = (what: string) => new PracticeError(404, 'not_found', `No such ${what}.`);
export const conflict = (message: string, code = 'conflict') => new PracticeError(409, code, message);
