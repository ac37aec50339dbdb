-- The mini-app registry, its usage counters and logs, and the audit log. Times are epoch ms.

CREATE TABLE apps (
  id                 VARCHAR(32)   PRIMARY KEY,
  owner_id           VARCHAR(32)   NOT NULL REFERENCES accounts (id),
  name               VARCHAR(80)   NOT NULL,
  description        VARCHAR(2000) NOT NULL,
  category           VARCHAR(32)   NOT NULL,
  homepage           VARCHAR(2000),
  privacy_policy_url VARCHAR(2000),
  status             VARCHAR(16)   NOT NULL,
  suspended_reason   VARCHAR(2000),
  suspended_at       BIGINT,
  live_version       VARCHAR(64),
  signing_secret     VARCHAR(64)   NOT NULL,
  secret_rotated_at  BIGINT,
  created_at         BIGINT        NOT NULL,
  updated_at         BIGINT        NOT NULL
);
CREATE INDEX apps_by_owner ON apps (owner_id);

-- Uploaded zips, content-addressed by the bundle's SHA-256; immutable once written.
CREATE TABLE bundles (
  sha256     VARCHAR(64) PRIMARY KEY,
  zip        BYTEA       NOT NULL,
  size       BIGINT      NOT NULL,
  created_at BIGINT      NOT NULL
);

CREATE TABLE app_versions (
  app_id        VARCHAR(32)   NOT NULL REFERENCES apps (id),
  version       VARCHAR(64)   NOT NULL,
  bundle_sha256 VARCHAR(64)   NOT NULL REFERENCES bundles (sha256),
  manifest      TEXT          NOT NULL,
  size          BIGINT        NOT NULL,
  file_count    INTEGER       NOT NULL,
  icon          VARCHAR(256),
  state         VARCHAR(16)   NOT NULL,
  uploaded_by   VARCHAR(32)   NOT NULL REFERENCES accounts (id),
  uploaded_at   BIGINT        NOT NULL,
  submitted_at  BIGINT,
  reviewed_at   BIGINT,
  reviewed_by   VARCHAR(32)   REFERENCES accounts (id),
  review_reason VARCHAR(2000),
  release_at    BIGINT,
  released_at   BIGINT,
  PRIMARY KEY (app_id, version)
);
CREATE INDEX app_versions_in_review ON app_versions (state, submitted_at);

-- Append-only: the API offers no way to change or delete a row.
CREATE TABLE audit_log (
  id          VARCHAR(32)   PRIMARY KEY,
  at          BIGINT        NOT NULL,
  actor_id    VARCHAR(32),
  actor_name  VARCHAR(64),
  action      VARCHAR(64)   NOT NULL,
  target_type VARCHAR(32)   NOT NULL,
  target_id   VARCHAR(128)  NOT NULL,
  app_id      VARCHAR(32),
  reason      VARCHAR(2000),
  detail      TEXT          NOT NULL,
  address     VARCHAR(64)
);
CREATE INDEX audit_by_time ON audit_log (at);
CREATE INDEX audit_by_app ON audit_log (app_id, at);

CREATE TABLE app_usage_daily (
  app_id      VARCHAR(32) NOT NULL REFERENCES apps (id),
  usage_day   VARCHAR(10) NOT NULL,
  launches    BIGINT      NOT NULL,
  invocations BIGINT      NOT NULL,
  errors      BIGINT      NOT NULL,
  PRIMARY KEY (app_id, usage_day)
);

CREATE TABLE app_logs (
  id         VARCHAR(32)   PRIMARY KEY,
  app_id     VARCHAR(32)   NOT NULL REFERENCES apps (id),
  version    VARCHAR(64),
  at         BIGINT        NOT NULL,
  level      VARCHAR(8)    NOT NULL,
  text       VARCHAR(4000) NOT NULL,
  request_id VARCHAR(64)
);
CREATE INDEX app_logs_by_app ON app_logs (app_id, at);
