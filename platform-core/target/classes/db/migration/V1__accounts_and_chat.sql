-- One schema for H2 (PostgreSQL mode) and PostgreSQL. Times are epoch milliseconds.

CREATE TABLE accounts (
  id            VARCHAR(32)  PRIMARY KEY,
  username      VARCHAR(32)  NOT NULL UNIQUE,
  display_name  VARCHAR(64)  NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  created_at    BIGINT       NOT NULL
);

CREATE TABLE account_roles (
  account_id VARCHAR(32) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  role       VARCHAR(16) NOT NULL,
  granted_at BIGINT      NOT NULL,
  PRIMARY KEY (account_id, role)
);

CREATE TABLE sessions (
  token_hash VARCHAR(64) PRIMARY KEY,
  account_id VARCHAR(32) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  csrf_token VARCHAR(64) NOT NULL,
  created_at BIGINT      NOT NULL,
  expires_at BIGINT      NOT NULL
);
CREATE INDEX sessions_by_account ON sessions (account_id);

CREATE TABLE api_tokens (
  id           VARCHAR(32) PRIMARY KEY,
  account_id   VARCHAR(32) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name         VARCHAR(64) NOT NULL,
  token_hash   VARCHAR(64) NOT NULL UNIQUE,
  created_at   BIGINT      NOT NULL,
  last_used_at BIGINT
);
CREATE INDEX api_tokens_by_account ON api_tokens (account_id);

CREATE TABLE conversations (
  id         VARCHAR(32)  PRIMARY KEY,
  kind       VARCHAR(8)   NOT NULL,
  title      VARCHAR(100),
  direct_key VARCHAR(80)  UNIQUE,
  created_by VARCHAR(32)  NOT NULL REFERENCES accounts (id),
  last_seq   BIGINT       NOT NULL DEFAULT 0,
  created_at BIGINT       NOT NULL,
  updated_at BIGINT       NOT NULL
);

CREATE TABLE conversation_members (
  conversation_id VARCHAR(32) NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  account_id      VARCHAR(32) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  role            VARCHAR(8)  NOT NULL,
  joined_at       BIGINT      NOT NULL,
  last_read_seq   BIGINT      NOT NULL DEFAULT 0,
  PRIMARY KEY (conversation_id, account_id)
);
CREATE INDEX members_by_account ON conversation_members (account_id);

CREATE TABLE messages (
  id              VARCHAR(32)   PRIMARY KEY,
  conversation_id VARCHAR(32)   NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq             BIGINT        NOT NULL,
  sender_id       VARCHAR(32)   REFERENCES accounts (id),
  client_id       VARCHAR(64),
  kind            VARCHAR(8)    NOT NULL,
  body            VARCHAR(4000) NOT NULL,
  created_at      BIGINT        NOT NULL,
  CONSTRAINT messages_seq UNIQUE (conversation_id, seq),
  CONSTRAINT messages_client_id UNIQUE (conversation_id, sender_id, client_id)
);
