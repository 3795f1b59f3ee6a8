-- SMS, WhatsApp and voice through Twilio-compatible webhooks.

-- One provider account per workspace. The auth token signs every webhook and authenticates the
-- outbound API, so it must be readable by the server; the API never returns it.
CREATE TABLE IF NOT EXISTS twilio_accounts (
  workspace_id text PRIMARY KEY,
  account_sid text NOT NULL,
  auth_token text NOT NULL,
  phone_numbers jsonb NOT NULL DEFAULT '[]',
  transfer jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Replies sent through the provider: its message sid, so its delivery reports (the status
-- callback) find the reply they are about. The reply itself is an outbox effect until sent.
CREATE TABLE IF NOT EXISTS sms_deliveries (
  workspace_id text NOT NULL,
  message_sid text NOT NULL,
  case_id text NOT NULL,
  message_id text,
  status text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, message_sid)
);

-- One row per phone call: the case it joined, how far the conversation went, and the screen pop
-- staff received when it was transferred.
CREATE TABLE IF NOT EXISTS voice_calls (
  workspace_id text NOT NULL,
  call_sid text NOT NULL,
  case_id text NOT NULL,
  customer_id text NOT NULL,
  status text NOT NULL,
  turns integer NOT NULL DEFAULT 0,
  transferred_at timestamptz,
  screen_pop jsonb,
  started_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  PRIMARY KEY (workspace_id, call_sid)
);
