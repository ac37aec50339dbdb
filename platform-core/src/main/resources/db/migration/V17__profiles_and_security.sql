-- Profiles, avatars, presence privacy, the account's locale, and account security (issue 17).
-- One schema for H2 (PostgreSQL mode) and PostgreSQL. Times are epoch milliseconds.

ALTER TABLE accounts ADD COLUMN about VARCHAR(140);
ALTER TABLE accounts ADD COLUMN locale VARCHAR(16);
-- Who may see when this person is online or was last seen: everyone, contacts, nobody.
ALTER TABLE accounts ADD COLUMN presence_privacy VARCHAR(8) NOT NULL DEFAULT 'everyone';
-- Bumped by each avatar change; 0 = no avatar (initials).
ALTER TABLE accounts ADD COLUMN avatar_version INTEGER NOT NULL DEFAULT 0;
-- Two-factor sign-in: the TOTP secret (base32) once enrolled, the one being enrolled, and the
-- last accepted time step (a code is never accepted twice).
ALTER TABLE accounts ADD COLUMN totp_secret VARCHAR(64);
ALTER TABLE accounts ADD COLUMN totp_pending VARCHAR(64);
ALTER TABLE accounts ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;

-- A session's public id (the owner lists and ends sessions by it), device and last use.
ALTER TABLE sessions ADD COLUMN id VARCHAR(32);
ALTER TABLE sessions ADD COLUMN user_agent VARCHAR(200);
ALTER TABLE sessions ADD COLUMN last_used_at BIGINT;
UPDATE sessions SET id = SUBSTRING(token_hash, 1, 20), last_used_at = created_at;

-- The square avatar of an account, re-encoded (no metadata) in two sizes.
CREATE TABLE avatars (
  account_id   VARCHAR(32) PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  version      INTEGER     NOT NULL,
  content_type VARCHAR(32) NOT NULL,
  small        BYTEA       NOT NULL,
  large        BYTEA       NOT NULL,
  updated_at   BIGINT      NOT NULL
);

-- A username given up by a rename stays its former owner's until expires_at.
CREATE TABLE username_reservations (
  username   VARCHAR(32) PRIMARY KEY,
  account_id VARCHAR(32) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  expires_at BIGINT      NOT NULL
);

-- One-time password reset links (only the hash of the secret is kept).
CREATE TABLE password_resets (
  token_hash VARCHAR(64) PRIMARY KEY,
  account_id VARCHAR(32) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  issued_by  VARCHAR(32),
  created_at BIGINT      NOT NULL,
  expires_at BIGINT      NOT NULL,
  used_at    BIGINT
);
CREATE INDEX password_resets_by_account ON password_resets (account_id);

-- Two-factor recovery codes, hashed, each single-use.
CREATE TABLE recovery_codes (
  account_id VARCHAR(32) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  code_hash  VARCHAR(64) NOT NULL,
  used_at    BIGINT,
  PRIMARY KEY (account_id, code_hash)
);
