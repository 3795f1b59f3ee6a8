-- The AI agent: one row per turn (what it understood, decided, looked up and said, and why),
-- and the dialogue state per case so any node, or the same node after a restart, continues
-- the conversation.

CREATE TABLE agent_turns (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  case_id text NOT NULL REFERENCES cases(id),
  customer_id text NOT NULL REFERENCES customers(id),
  message_id text NOT NULL REFERENCES messages(id),
  reply_message_id text REFERENCES messages(id),
  channel text NOT NULL,
  -- builtin or llm: which engine wrote the reply that was sent.
  engine text NOT NULL,
  understanding jsonb NOT NULL,
  decision text NOT NULL,
  reason text NOT NULL,
  -- [{ name, args, ok, code?, summary, ms }]
  tools jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- [{ entryId, version, title? }]: the knowledge versions the reply relied on.
  knowledge jsonb NOT NULL DEFAULT '[]'::jsonb,
  reply text NOT NULL,
  escalated boolean NOT NULL DEFAULT false,
  -- Engine fallbacks and fact-check outcomes for QA.
  notes jsonb NOT NULL DEFAULT '{}'::jsonb,
  latency_ms integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agent_turns_case_idx ON agent_turns (workspace_id, case_id, created_at);
CREATE UNIQUE INDEX agent_turns_message_idx ON agent_turns (workspace_id, message_id);
CREATE INDEX agent_turns_workspace_idx ON agent_turns (workspace_id, created_at);

CREATE TABLE agent_states (
  case_id text PRIMARY KEY REFERENCES cases(id),
  workspace_id text NOT NULL REFERENCES workspaces(id),
  state jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
