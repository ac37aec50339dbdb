-- Safety and moderation (issue 17, safety): blocks, reports with their evidence, suspension.
--
-- A block is one row (blocker, blocked). It is also how a business is blocked (its bot accounts,
-- through the business part's service, which calls dev.parley.core.safety.Blocks).
CREATE TABLE blocks (
  blocker_id VARCHAR(32) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  blocked_id VARCHAR(32) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at BIGINT      NOT NULL,
  PRIMARY KEY (blocker_id, blocked_id)
);
CREATE INDEX blocks_blocked ON blocks (blocked_id);

-- A report of a person (and of some of their messages). evidence is a JSON array of the reported
-- messages as they were when reported (text, extras with the attachments' metadata), copied so that
-- a later delete does not destroy it; conversation_id has no foreign key for the same reason.
-- status: open, resolved or dismissed; handled_by/handled_at/note say who closed it and why.
CREATE TABLE reports (
  id              VARCHAR(32)   PRIMARY KEY,
  reporter_id     VARCHAR(32)   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  subject_id      VARCHAR(32)   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  conversation_id VARCHAR(32),
  reason          VARCHAR(16)   NOT NULL,
  details         VARCHAR(1000),
  evidence        TEXT          NOT NULL,
  status          VARCHAR(16)   NOT NULL,
  created_at      BIGINT        NOT NULL,
  handled_by      VARCHAR(32)   REFERENCES accounts (id) ON DELETE SET NULL,
  handled_at      BIGINT,
  note            VARCHAR(1000)
);
CREATE INDEX reports_queue ON reports (status, created_at);

-- A suspended account (epoch millis of the suspension) cannot sign in, its sessions are gone and
-- its API tokens are refused until an admin restores it (NULL).
ALTER TABLE accounts ADD COLUMN suspended_at BIGINT;
