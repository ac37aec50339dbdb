-- Media uploaded by apps' pages (parley.media.upload, permission media.upload). The bytes are kept
-- once per content (media_blobs, keyed by their SHA-256, which is also the served ETag); each upload
-- is a row of media for one app in one conversation, with an unguessable id that names it in URLs
-- (/media/<id> on the app's origin). Blob and row are written in one transaction.
CREATE TABLE media_blobs (
  sha256       VARCHAR(64)  PRIMARY KEY,
  content_type VARCHAR(64)  NOT NULL,
  size         BIGINT       NOT NULL,
  bytes        BYTEA        NOT NULL,
  created_at   BIGINT       NOT NULL
);

CREATE TABLE media (
  id              VARCHAR(32)  PRIMARY KEY,
  app_id          VARCHAR(32)  NOT NULL REFERENCES apps (id),
  conversation_id VARCHAR(32)  NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  sha256          VARCHAR(64)  NOT NULL REFERENCES media_blobs (sha256),
  name            VARCHAR(200) NOT NULL,
  uploaded_by     VARCHAR(32)  NOT NULL REFERENCES accounts (id),
  created_at      BIGINT       NOT NULL
);

CREATE INDEX media_app_conversation ON media (app_id, conversation_id, created_at);
CREATE INDEX media_sha256 ON media (sha256);
