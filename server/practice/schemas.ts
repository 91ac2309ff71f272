// Request schemas the practice routes share (TypeBox, checked by Fastify before a handler runs).
// Every string has a length cap and every object refuses what it does not name.
import { type TSchema, Type } from '@sinclair/typebox';
import { PASSWORD_MAX } from './passwords.js';

export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
export const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' });
export const PersonName = Type.String({ minLength: 1, maxLength: 80 });
export const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX });
export const OneTimeToken = Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' });
export const StaffRoleSchema = Type.Union([
  Type.Literal('owner'),
  Type.Literal('manager'),
  Type.Literal('therapist'),
  Type.Literal('scheduler'),
]);
export const TotpCode = Type.String({ minLength: 6, maxLength: 10 });
/**
 * A moment: milliseconds since the epoch, or ISO 8601 with a Z or an offset (2026-03-02T15:00:00-05:00).
 * Up to the end of year 9999, as the strings: a later one (JavaScript dates go to 275760) was stored,
 * then could not be written back as ISO 8601 once an appointment's length was added to it.
 */
export const Instant = Type.Union([
  Type.Integer({ minimum: 0, maximum: 253_402_300_799_999 }),
  Type.String({ maxLength: 40, pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$' }),
]);

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

/** An object that names its properties; a body with any other is refused (app.ts). */
export const Body = <T extends Record<string, TSchema>>(properties: T) => Type.Object(properties, { additionalProperties: false });

export function instantMs(value: number | string): number {
  return typeof value === 'number' ? value : Date.parse(value);
}
