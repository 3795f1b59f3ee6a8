-- The realtime protocol (web chat, mobile app): conversations bound to a resume token, and each
-- conversation's events with a gap-free sequence number so a client resumes from its last one.

-- Per-workspace widget credentials: the public key goes in the retailer's page, the secret signs
-- identity tokens on the retailer's server. Created on first use, rotated by an admin.
CREATE TABLE IF NOT EXISTS widget_keys (
  workspace_id text PRIMARY KEY REFERENCES workspaces(id),
  public_key text NOT NULL UNIQUE,
  secret text NOT NULL,
  rotated_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS realtime_conversations (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  channel text NOT NULL,
  -- SHA-256 of the resume token: the token itself is never stored.
  resume_token_hash text NOT NULL UNIQUE,
  -- The device identity the pipeline sees; derived server-side, never supplied by a client.
  device_value text NOT NULL,
  -- Hash of the signed identity (kind and value) this conversation belongs to; null when anonymous.
  identity_key text,
  customer_id text,
  case_id text,
  last_seq bigint NOT NULL DEFAULT 0,
  -- Case messages up to here have been turned into events (re-read with a margin, deduplicated).
  synced_until timestamptz,
  case_status text,
  case_assignee_id text,
  customer_read_seq bigint NOT NULL DEFAULT 0,
  device_id text,
  device_platform text,
  push_token text,
  context jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS realtime_conversations_case_idx ON realtime_conversations (workspace_id, case_id);

CREATE TABLE IF NOT EXISTS realtime_events (
  conversation_id text NOT NULL REFERENCES realtime_conversations(id),
  seq bigint NOT NULL,
  workspace_id text NOT NULL,
  kind text NOT NULL,
  message_id text,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, seq)
);
-- One event per message per conversation, however many times a sync sees it.
CREATE UNIQUE INDEX IF NOT EXISTS realtime_events_message_idx
  ON realtime_events (conversation_id, message_id) WHERE message_id IS NOT NULL;
