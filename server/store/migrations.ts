// Schema migrations, applied in order; never edit one that has shipped, add a new one.
// Health details have no place here: an appointment has a neutral title, participants a display name.
export const MIGRATIONS: string[] = [
  `
  CREATE TABLE appointments (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE participants (
    id TEXT PRIMARY KEY,
    appointment_id TEXT NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('provider', 'client')),
    display_name TEXT NOT NULL,
    admission TEXT NOT NULL DEFAULT 'invited' CHECK (admission IN ('invited', 'waiting', 'admitted', 'removed')),
    waiting_since INTEGER,
    ready INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX participants_by_appointment ON participants(appointment_id);
  CREATE TABLE links (
    jti TEXT PRIMARY KEY,
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    issued_at INTEGER NOT NULL,
    revoked_at INTEGER
  );
  CREATE INDEX links_by_participant ON links(participant_id);
  CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    appointment_id TEXT NOT NULL,
    participant_id TEXT,
    actor_id TEXT,
    event TEXT NOT NULL
  );
  CREATE INDEX audit_by_appointment ON audit(appointment_id, at);
  `,
  `
  -- The provider can end a session for everyone and start it again within the appointment's window.
  ALTER TABLE appointments ADD COLUMN ended_at INTEGER;
  `,
];
