// A client's link token exactly as releases before links followed their appointment signed it: with
// nbf/exp for the appointment's window at issue time. Tests of upgrades and of moved appointments use it.
import { SignJWT } from 'jose';

export function previousReleaseToken(
  key: Uint8Array,
  appt: { id: string; startsAt: number; endsAt: number },
  participantId: string,
  jti: string,
): Promise<string> {
  return new SignJWT({ apt: appt.id, role: 'client' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('vestibule')
    .setAudience('vestibule:visit')
    .setSubject(participantId)
    .setJti(jti)
    .setIssuedAt()
    .setNotBefore(Math.floor((appt.startsAt - 15 * 60_000) / 1000))
    .setExpirationTime(Math.floor(appt.endsAt / 1000))
    .sign(key);
}
