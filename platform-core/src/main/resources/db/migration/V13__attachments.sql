-- Attachments of messages (issue 16). The bytes live in a BlobStore (files under dataDir, or
-- PostgreSQL large objects), content-addressed by SHA-256; attachment_blobs has one row per stored
-- blob and is what a deletion locks, so that a blob is removed only when no attachment (content or
-- thumbnail) refers to it. attachments is both the tus upload session and, once the last byte is
-- checked, the attachment: its id is the upload id. message_attachments holds which message carries
-- which attachment, written in the group commit's transaction of the message itself, so access is
-- one query and a message that was turned away grants nothing.
CREATE TABLE attachment_blobs (
  sha256     VARCHAR(64) PRIMARY KEY,
  size       BIGINT      NOT NULL,
  created_at BIGINT      NOT NULL
);

CREATE TABLE attachments (
  id              VARCHAR(32)   PRIMARY KEY,
  uploader_id     VARCHAR(32)   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  state           VARCHAR(12)   NOT NULL,
  name            VARCHAR(255)  NOT NULL,
  declared_type   VARCHAR(255),
  upload_length   BIGINT        NOT NULL,
  upload_offset   BIGINT        NOT NULL,
  expected_sha256 VARCHAR(64),
  kind            VARCHAR(8),
  content_type    VARCHAR(255),
  size            BIGINT,
  sha256          VARCHAR(64)   REFERENCES attachment_blobs (sha256),
  preview_sha256  VARCHAR(64)   REFERENCES attachment_blobs (sha256),
  preview_type    VARCHAR(64),
  inline_media    BOOLEAN,
  meta            TEXT,
  problem         TEXT,
  created_at      BIGINT        NOT NULL,
  updated_at      BIGINT        NOT NULL
);
CREATE INDEX attachments_uploader ON attachments (uploader_id, state);
CREATE INDEX attachments_state ON attachments (state, updated_at);
CREATE INDEX attachments_sha256 ON attachments (sha256);
CREATE INDEX attachments_preview_sha256 ON attachments (preview_sha256);

CREATE TABLE message_attachments (
  message_id      VARCHAR(32) NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  attachment_id   VARCHAR(32) NOT NULL REFERENCES attachments (id) ON DELETE CASCADE,
  conversation_id VARCHAR(32) NOT NULL,
  seq             BIGINT      NOT NULL,
  PRIMARY KEY (message_id, attachment_id)
);
CREATE INDEX message_attachments_attachment ON message_attachments (attachment_id);
CREATE INDEX message_attachments_conversation ON message_attachments (conversation_id, seq);

-- The large-object store (attachments.store=postgres): which large object holds which blob.
CREATE TABLE attachment_large_objects (
  sha256 VARCHAR(64) PRIMARY KEY,
  oid    BIGINT      NOT NULL,
  size   BIGINT      NOT NULL
);
