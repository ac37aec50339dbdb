-- Ephemeral answers and consent by the right person (issue 18, ephemeral).
--
-- An ephemeral message ("only visible to you") is a row per person who may see it, never a row of
-- messages: it takes no seq, so it is in no other member's history, around window, search index,
-- unread count, push or link preview by construction. after_seq anchors it in the viewer's
-- timeline (shown after that message); it is swept at expires_at (messages.ephemeralHours).
CREATE TABLE ephemeral_messages (
  id              VARCHAR(32)   NOT NULL,
  account_id      VARCHAR(32)   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  conversation_id VARCHAR(32)   NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  after_seq       BIGINT        NOT NULL,
  app_id          VARCHAR(32),
  app_name        VARCHAR(80),
  body            TEXT          NOT NULL,
  card            TEXT,
  edited          INTEGER       NOT NULL DEFAULT 0,
  created_at      BIGINT        NOT NULL,
  expires_at      BIGINT        NOT NULL,
  PRIMARY KEY (id, account_id)
);
CREATE INDEX ephemeral_messages_viewer ON ephemeral_messages (account_id, conversation_id, expires_at);
CREATE INDEX ephemeral_messages_expiry ON ephemeral_messages (expires_at);

-- Permissions that act on the conversation (cards.post, storage.conversation, members.read) are
-- granted once per conversation and app, by whoever installed it there (within the group's install
-- policy), and shown to every member; personal permissions stay in consents, per person.
CREATE TABLE conversation_consents (
  conversation_id VARCHAR(32) NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  app_id          VARCHAR(32) NOT NULL REFERENCES apps (id),
  permission      VARCHAR(64) NOT NULL,
  granted_by      VARCHAR(32) REFERENCES accounts (id) ON DELETE SET NULL,
  granted_at      BIGINT      NOT NULL,
  PRIMARY KEY (conversation_id, app_id, permission)
);

-- Existing grants migrate: where the person who installed an app had granted a conversation
-- permission of it, the conversation has it now, granted by them (at their decision's time).
INSERT INTO conversation_consents (conversation_id, app_id, permission, granted_by, granted_at)
SELECT ca.conversation_id, ca.app_id, c.permission, ca.installed_by, c.granted_at
FROM conversation_apps ca
JOIN consents c ON c.account_id = ca.installed_by AND c.app_id = ca.app_id
WHERE c.granted = TRUE AND c.permission IN ('cards.post', 'storage.conversation', 'members.read');
