-- Turns recorded in the same millisecond (a fast conversation, a test clock) keep their order.
ALTER TABLE agent_turns ADD COLUMN seq bigserial NOT NULL;
CREATE INDEX agent_turns_case_seq_idx ON agent_turns (workspace_id, case_id, seq);
