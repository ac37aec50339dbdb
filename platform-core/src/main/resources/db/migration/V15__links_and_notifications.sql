-- Link previews, mutes and Web Push (issue 16, links-notify).
--
-- link_previews caches what the server fetched for a URL (keyed by the SHA-256 of the URL): the
-- preview JSON and its re-encoded image, or the words of a failure (preview NULL), each until
-- expires_at; every node reads and writes the same rows, and an expired row is fetched anew.
CREATE TABLE link_previews (
  url_key    VARCHAR(64)   PRIMARY KEY,
  url        VARCHAR(2048) NOT NULL,
  preview    TEXT,
  failure    VARCHAR(300),
  image      BYTEA,
  expires_at BIGINT        NOT NULL
);
CREATE INDEX link_previews_expiry ON link_previews (expires_at);

-- A member's mute of a conversation: no notification or push until muted_until (epoch millis;
-- 9223372036854775807 for "until I unmute"). NULL: not muted. The row goes with the membership.
ALTER TABLE conversation_members ADD COLUMN muted_until BIGINT;

-- Web Push subscriptions of a browser (endpoint and its keys, RFC 8291), one row per endpoint.
CREATE TABLE push_subscriptions (
  endpoint_key VARCHAR(64)   PRIMARY KEY,
  endpoint     VARCHAR(2048) NOT NULL,
  account_id   VARCHAR(32)   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  p256dh       VARCHAR(200)  NOT NULL,
  auth         VARCHAR(100)  NOT NULL,
  created_at   BIGINT        NOT NULL
);
CREATE INDEX push_subscriptions_account ON push_subscriptions (account_id);
