-- The platform's own signing keys. One row, id 'launch', holds the Ed25519 key pair that signs
-- launch parameters of mini-app pages (platformSignature); every node and every restart reads
-- the same row. The first node to start inserts it; a concurrent second insert hits the primary
-- key and that node reads the winner's row back.

CREATE TABLE platform_keys (
  id          VARCHAR(32)  PRIMARY KEY,
  algorithm   VARCHAR(16)  NOT NULL,
  private_key TEXT         NOT NULL,
  public_key  TEXT         NOT NULL,
  created_at  BIGINT       NOT NULL
);
