-- Everyday messenger features (issue 17, messenger): per-member archive and pin of a conversation,
-- group descriptions and rights, co-admins (conversation_members.role 'admin'), pinned messages and
-- invite links. Mentions need no table: they live in messages.extras ("mentions").

-- A member's own archive and pin (epoch millis; NULL: not archived / not pinned). Pinned
-- conversations are listed first, in the order they were pinned.
ALTER TABLE conversation_members ADD COLUMN archived_at BIGINT;
ALTER TABLE conversation_members ADD COLUMN pinned_at BIGINT;

-- A group's description and who may do what in it: a JSON object of rights, each 'members' or
-- 'admins' (addMembers, rename, pin; installApps stays in app_install_policy). NULL: the defaults.
ALTER TABLE conversations ADD COLUMN description VARCHAR(500);
ALTER TABLE conversations ADD COLUMN rights VARCHAR(500);

-- Messages pinned in a conversation, shown in a bar at its top.
CREATE TABLE pinned_messages (
  conversation_id VARCHAR(32) NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  message_id      VARCHAR(32) NOT NULL,
  pinned_by       VARCHAR(32) NOT NULL,
  pinned_at       BIGINT      NOT NULL,
  PRIMARY KEY (conversation_id, message_id)
);

-- Invite links of a group: a secret token; revocable, with an optional expiry and use count.
CREATE TABLE group_invites (
  id              VARCHAR(32) PRIMARY KEY,
  token           VARCHAR(64) NOT NULL UNIQUE,
  conversation_id VARCHAR(32) NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  created_by      VARCHAR(32) NOT NULL,
  created_at      BIGINT      NOT NULL,
  expires_at      BIGINT,
  max_uses        INTEGER,
  uses            INTEGER     NOT NULL DEFAULT 0,
  revoked_at      BIGINT
);
CREATE INDEX group_invites_conversation ON group_invites (conversation_id);
