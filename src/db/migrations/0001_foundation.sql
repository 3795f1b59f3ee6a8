-- Foundation: workspaces, staff and credentials, the unified customer record, cases, messages, timeline.
-- Every row carries workspace_id; every lookup filters on it.

CREATE TABLE workspaces (
  id text PRIMARY KEY,
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff_users (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin', 'executive')),
  password_hash text NOT NULL,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, email)
);

CREATE TABLE api_keys (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin', 'executive')),
  key_hash text NOT NULL UNIQUE,
  key_prefix text NOT NULL,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_keys_workspace_idx ON api_keys (workspace_id);

CREATE TABLE sessions (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  user_id text NOT NULL REFERENCES staff_users(id),
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);

CREATE TABLE customers (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  display_name text,
  tier text NOT NULL DEFAULT 'standard',
  locale text,
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- A merged customer stays as a tombstone pointing at the survivor, so old references resolve.
  merged_into_id text REFERENCES customers(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customers_workspace_idx ON customers (workspace_id, created_at);

CREATE TABLE customer_identities (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  customer_id text NOT NULL REFERENCES customers(id),
  kind text NOT NULL CHECK (kind IN ('email', 'phone', 'device', 'loyalty', 'external', 'social')),
  -- For external ids the owning system (e.g. 'oms'); for social handles the network; '' otherwise.
  system text NOT NULL DEFAULT '',
  value text NOT NULL,
  verification_level text NOT NULL DEFAULT 'recognised'
    CHECK (verification_level IN ('anonymous', 'recognised', 'verified')),
  verified_at timestamptz,
  verified_method text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, kind, system, value)
);
CREATE INDEX customer_identities_customer_idx ON customer_identities (customer_id);

CREATE TABLE customer_merges (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  survivor_id text NOT NULL REFERENCES customers(id),
  merged_id text NOT NULL REFERENCES customers(id),
  actor text NOT NULL,
  reason text NOT NULL,
  moved jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE merge_proposals (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  customer_id text NOT NULL REFERENCES customers(id),
  other_customer_id text NOT NULL REFERENCES customers(id),
  identity_kind text NOT NULL,
  identity_value text NOT NULL,
  source text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'dismissed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz
);
CREATE INDEX merge_proposals_workspace_idx ON merge_proposals (workspace_id, status);

CREATE TABLE cases (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  customer_id text NOT NULL REFERENCES customers(id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'escalated', 'resolved')),
  subject text,
  topic text,
  intent text,
  order_ref text,
  assignee_id text,
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  origin_channel text NOT NULL,
  channels text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  last_activity_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz
);
CREATE INDEX cases_customer_open_idx ON cases (workspace_id, customer_id, last_activity_at DESC)
  WHERE status <> 'resolved';
CREATE INDEX cases_workspace_idx ON cases (workspace_id, status, last_activity_at DESC);

CREATE TABLE messages (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  case_id text NOT NULL REFERENCES cases(id),
  customer_id text NOT NULL REFERENCES customers(id),
  direction text NOT NULL CHECK (direction IN ('inbound', 'outbound', 'internal')),
  author_kind text NOT NULL CHECK (author_kind IN ('customer', 'ai', 'agent', 'system')),
  author_id text,
  channel text NOT NULL,
  body text NOT NULL,
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- The channel's own id (email Message-ID, SMS sid): makes redelivery idempotent.
  external_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX messages_case_idx ON messages (case_id, created_at);
CREATE UNIQUE INDEX messages_external_idx ON messages (workspace_id, channel, external_id)
  WHERE external_id IS NOT NULL;

CREATE TABLE timeline_events (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  customer_id text NOT NULL REFERENCES customers(id),
  case_id text REFERENCES cases(id),
  kind text NOT NULL,
  channel text,
  ref_id text,
  summary text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  occurred_at timestamptz NOT NULL,
  -- Tie-breaker for events in the same millisecond: insertion order.
  seq bigserial NOT NULL
);
CREATE INDEX timeline_customer_idx ON timeline_events (customer_id, occurred_at, seq);
