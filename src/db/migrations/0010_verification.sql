-- Guest verification that links, one-time codes, and the counters that rate-limit both.

-- Failed proofs per subject: a channel identity or an order number. Persisted so
-- a restart never resets a lockout. `subject` is a SHA-256 of the value: no order number or
-- identity is readable from here.
CREATE TABLE verification_failures (
  workspace_id text NOT NULL REFERENCES workspaces(id),
  subject_kind text NOT NULL CHECK (subject_kind IN ('identity', 'order')),
  subject text NOT NULL,
  failures integer NOT NULL,
  window_started_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, subject_kind, subject)
);

-- One-time codes: only a keyed hash of the code is kept. A code is tied to the identity on file it
-- was sent to and to the case it was asked for in; it expires, counts wrong attempts and is used once.
CREATE TABLE one_time_codes (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  customer_id text NOT NULL REFERENCES customers(id),
  identity_id text NOT NULL REFERENCES customer_identities(id),
  case_id text REFERENCES cases(id),
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  code_hash text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz,
  -- A newer code for the same case replaces this one.
  superseded_at timestamptz
);
CREATE INDEX one_time_codes_case_idx ON one_time_codes (workspace_id, case_id, created_at DESC);
CREATE INDEX one_time_codes_identity_idx ON one_time_codes (workspace_id, identity_id, created_at DESC);

-- Outbound verification messages waiting for the mail/SMS driver, keyed so a retried send is
-- queued once. The same shape as an outbox entry (kind, key, payload).
CREATE TABLE verification_deliveries (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  kind text NOT NULL CHECK (kind IN ('email.send', 'sms.send')),
  key text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (workspace_id, key)
);

-- What a merge moved, by id, so it can be reverted exactly; and when it was reverted.
ALTER TABLE customer_merges ADD COLUMN moved_ids jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE customer_merges ADD COLUMN reverted_at timestamptz;
ALTER TABLE customer_merges ADD COLUMN reverted_by text;
