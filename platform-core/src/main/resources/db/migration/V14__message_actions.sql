-- Message actions (issue 16). message_edits keeps the text a message had before each edit, for a
-- set time (messages.editHistoryDays; a periodic sweep deletes older rows, and deleting a message
-- deletes its history). message_reactions holds one row per (message, person, emoji).
-- conversation_members.last_delivered_seq is the newest seq a live session of the member received:
-- written in batches at most about once a second per member, never once per message.
CREATE TABLE message_edits (
  id         VARCHAR(32)   PRIMARY KEY,
  message_id VARCHAR(32)   NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  edited_at  BIGINT        NOT NULL,
  body       VARCHAR(4000) NOT NULL
);
CREATE INDEX message_edits_by_message ON message_edits (message_id, edited_at);
CREATE INDEX message_edits_by_time ON message_edits (edited_at);

CREATE TABLE message_reactions (
  message_id VARCHAR(32) NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  account_id VARCHAR(32) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  emoji      VARCHAR(64) NOT NULL,
  created_at BIGINT      NOT NULL,
  PRIMARY KEY (message_id, account_id, emoji)
);

ALTER TABLE conversation_members ADD COLUMN last_delivered_seq BIGINT NOT NULL DEFAULT 0;
