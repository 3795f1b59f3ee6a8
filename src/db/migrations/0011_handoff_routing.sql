-- Escalation and handoff: queues, the agents who work them (presence, skills, capacity and
-- open-item counters per channel), the queue items that carry an escalated case from waiting to
-- a person and back, every transfer, the handoff summaries, and the replies the AI drafts for
-- the person who holds a case.

CREATE TABLE routing_queues (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  name text NOT NULL,
  -- returns, delivery, product, billing, account, general…: what an item needs to land here.
  skills text[] NOT NULL DEFAULT '{}',
  -- chat, email, sms, voice; empty = every channel.
  channels text[] NOT NULL DEFAULT '{}',
  -- en, es…; empty = every language.
  languages text[] NOT NULL DEFAULT '{}',
  timezone text NOT NULL,
  -- { mon: [{ open: "09:00", close: "17:00" }], … }; a close at or before its open runs past midnight.
  -- An empty object means always open.
  hours jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- [{ date: "2026-12-25", closed: true } | { date, periods: [{ open, close }] }]
  holidays jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- Seconds from joining the queue (or the next opening) to a person's first reply.
  sla_seconds integer NOT NULL CHECK (sla_seconds > 0),
  -- The channel a person answers on outside hours; null = the channel the customer last used.
  after_hours_channel text,
  -- Where an item goes when no queue matches its skill, channel and language.
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX routing_queues_name_idx ON routing_queues (workspace_id, lower(name));
CREATE UNIQUE INDEX routing_queues_default_idx ON routing_queues (workspace_id) WHERE is_default;

CREATE TABLE routing_agents (
  workspace_id text NOT NULL REFERENCES workspaces(id),
  user_id text NOT NULL REFERENCES staff_users(id),
  presence text NOT NULL DEFAULT 'offline' CHECK (presence IN ('online', 'away', 'offline')),
  skills text[] NOT NULL DEFAULT '{general}',
  languages text[] NOT NULL DEFAULT '{en}',
  presence_changed_at timestamptz NOT NULL DEFAULT now(),
  -- Ties between equally loaded agents go to the one who waited longest for work.
  last_assigned_at timestamptz,
  PRIMARY KEY (workspace_id, user_id)
);

-- Capacity and open items per agent and channel, kept as counters: an assignment takes a slot
-- with one conditional UPDATE (open < capacity), so two nodes can never overfill an agent.
CREATE TABLE routing_agent_load (
  workspace_id text NOT NULL,
  user_id text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('chat', 'email', 'sms', 'voice')),
  capacity integer NOT NULL CHECK (capacity >= 0 AND capacity <= 100),
  open integer NOT NULL DEFAULT 0 CHECK (open >= 0),
  PRIMARY KEY (workspace_id, user_id, channel),
  FOREIGN KEY (workspace_id, user_id) REFERENCES routing_agents(workspace_id, user_id)
);

CREATE TABLE routing_items (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  case_id text NOT NULL REFERENCES cases(id),
  queue_id text NOT NULL REFERENCES routing_queues(id),
  status text NOT NULL CHECK (status IN ('queued', 'assigned', 'closed')),
  channel text NOT NULL,
  skill text NOT NULL,
  language text NOT NULL,
  -- Higher first; ties by age (enqueued_at).
  priority_score integer NOT NULL,
  -- Why it scored so: { tier, sentiment, repeatContact, casePriority, sla }.
  priority_factors jsonb NOT NULL DEFAULT '{}'::jsonb,
  assignee_id text,
  enqueued_at timestamptz NOT NULL,
  assigned_at timestamptz,
  -- A person's first reply to the customer after the assignment; unanswered items follow an agent going offline.
  answered_at timestamptz,
  sla_due_at timestamptz NOT NULL,
  sla_breached_at timestamptz,
  closed_at timestamptz,
  close_reason text,
  -- Bumped on each change, so a client can tell a stale view.
  revision integer NOT NULL DEFAULT 1
);
-- One live item per case: a second escalation of the same case reuses it.
CREATE UNIQUE INDEX routing_items_live_case_idx ON routing_items (workspace_id, case_id) WHERE status <> 'closed';
CREATE INDEX routing_items_waiting_idx ON routing_items (workspace_id, priority_score DESC, enqueued_at) WHERE status = 'queued';
CREATE INDEX routing_items_assignee_idx ON routing_items (workspace_id, assignee_id) WHERE status = 'assigned';
CREATE INDEX routing_items_sla_idx ON routing_items (sla_due_at) WHERE sla_breached_at IS NULL AND answered_at IS NULL AND status <> 'closed';

CREATE TABLE routing_transfers (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  case_id text NOT NULL REFERENCES cases(id),
  item_id text NOT NULL REFERENCES routing_items(id),
  from_queue_id text,
  to_queue_id text,
  from_agent_id text,
  to_agent_id text,
  reason text,
  actor_id text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX routing_transfers_case_idx ON routing_transfers (workspace_id, case_id, created_at);
CREATE INDEX routing_transfers_time_idx ON routing_transfers (workspace_id, created_at);

CREATE TABLE handoff_summaries (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  case_id text NOT NULL REFERENCES cases(id),
  version integer NOT NULL,
  -- The structured summary (validated by its schema) and its rendered text.
  summary jsonb NOT NULL,
  text text NOT NULL,
  -- What the summary was built from (last message, last turn, case update), to skip identical rebuilds.
  source_key text NOT NULL,
  trigger text NOT NULL,
  generated_ms real NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (workspace_id, case_id, version)
);

CREATE TABLE agent_suggestions (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  case_id text NOT NULL REFERENCES cases(id),
  -- The customer message the draft answers, and the turn that drafted it.
  message_id text NOT NULL REFERENCES messages(id),
  turn_id text NOT NULL,
  body text NOT NULL,
  -- [{ name, ok, summary }] and [{ entryId, version, title? }]: what the draft is grounded in.
  tools jsonb NOT NULL DEFAULT '[]'::jsonb,
  knowledge jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at timestamptz NOT NULL
);
CREATE INDEX agent_suggestions_case_idx ON agent_suggestions (workspace_id, case_id, created_at);
