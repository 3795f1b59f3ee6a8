-- The email channel: the thread tokens of each case, every Message-ID seen or sent (threading),
-- attachments, and the outbound queue the relay worker drains.

-- One per case that has been on email. `token` goes in the reply+<token>@ address (unguessable);
-- `ref` is the short code shown in subjects ("[#TL-7K2M9QXD]"), unique within the workspace.
CREATE TABLE email_case_tokens (
  case_id text PRIMARY KEY REFERENCES cases(id),
  workspace_id text NOT NULL REFERENCES workspaces(id),
  token text NOT NULL UNIQUE,
  ref text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, ref)
);

-- Every Message-ID we received or generated, with the case it belongs to: a reply's
-- In-Reply-To or References finds its case here.
CREATE TABLE email_message_ids (
  workspace_id text NOT NULL REFERENCES workspaces(id),
  message_id_header text NOT NULL,
  case_id text NOT NULL REFERENCES cases(id),
  direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, message_id_header)
);
CREATE INDEX email_message_ids_case_idx ON email_message_ids (case_id);

-- Attachments keyed by the mail's external id and their position in it: a redelivered mail
-- stores nothing twice. Dangerous types keep their metadata and no bytes (`blocked`).
CREATE TABLE email_attachments (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  case_id text NOT NULL REFERENCES cases(id),
  message_external_id text NOT NULL,
  ordinal integer NOT NULL,
  filename text NOT NULL,
  content_type text NOT NULL,
  size_bytes integer NOT NULL,
  sha256 text NOT NULL,
  blocked boolean NOT NULL DEFAULT false,
  content bytea,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, message_external_id, ordinal)
);
CREATE INDEX email_attachments_case_idx ON email_attachments (workspace_id, case_id);

-- Outbound mail, one row per message we send (unique message_id: never queued twice). The worker
-- leases a row (sending, lease_until), hands it to the relay and marks it sent; a relay that is
-- down leaves it pending with a later next_attempt_at.
CREATE TABLE email_outbound (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  case_id text NOT NULL REFERENCES cases(id),
  message_id text NOT NULL UNIQUE REFERENCES messages(id),
  status text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'external')),
  envelope jsonb NOT NULL,
  message_id_header text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_until timestamptz,
  last_error text,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX email_outbound_due_idx ON email_outbound (next_attempt_at) WHERE status IN ('pending', 'sending');
