-- Mini-apps in conversations: installs, pins, consent, app storage, notifications, app messages.

ALTER TABLE conversations ADD COLUMN app_install_policy VARCHAR(16) NOT NULL DEFAULT 'members';

ALTER TABLE messages ADD COLUMN app_id VARCHAR(32);
ALTER TABLE messages ADD COLUMN app_name VARCHAR(80);
ALTER TABLE messages ADD COLUMN card TEXT;
ALTER TABLE messages ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;

CREATE TABLE conversation_apps (
  conversation_id VARCHAR(32) NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  app_id          VARCHAR(32) NOT NULL REFERENCES apps (id),
  installed_by    VARCHAR(32) NOT NULL REFERENCES accounts (id),
  installed_at    BIGINT      NOT NULL,
  PRIMARY KEY (conversation_id, app_id)
);

CREATE TABLE app_pins (
  account_id VARCHAR(32) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  app_id     VARCHAR(32) NOT NULL REFERENCES apps (id),
  pinned_at  BIGINT      NOT NULL,
  PRIMARY KEY (account_id, app_id)
);

-- A user's decision per app and permission: granted, or revoked (then the app gets a clear error,
-- and the user is not asked again until they grant it in their settings).
CREATE TABLE consents (
  account_id VARCHAR(32) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  app_id     VARCHAR(32) NOT NULL REFERENCES apps (id),
  permission VARCHAR(64) NOT NULL,
  granted    BOOLEAN     NOT NULL,
  granted_at BIGINT      NOT NULL,
  PRIMARY KEY (account_id, app_id, permission)
);

-- Per-app key-value storage, per user or per conversation; sizes count against the manifest's quota.
CREATE TABLE app_storage (
  app_id     VARCHAR(32)  NOT NULL REFERENCES apps (id),
  scope      VARCHAR(16)  NOT NULL,
  owner_id   VARCHAR(32)  NOT NULL,
  item_key   VARCHAR(256) NOT NULL,
  item_value TEXT         NOT NULL,
  size       BIGINT       NOT NULL,
  updated_at BIGINT       NOT NULL,
  PRIMARY KEY (app_id, scope, owner_id, item_key)
);

CREATE TABLE notifications (
  id         VARCHAR(32)   PRIMARY KEY,
  account_id VARCHAR(32)   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  app_id     VARCHAR(32)   NOT NULL REFERENCES apps (id),
  text       VARCHAR(1000) NOT NULL,
  created_at BIGINT        NOT NULL,
  read_at    BIGINT
);
CREATE INDEX notifications_by_account ON notifications (account_id, created_at);
