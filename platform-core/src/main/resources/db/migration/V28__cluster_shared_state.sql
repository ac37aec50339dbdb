-- Rate limits shared by the nodes of a cluster (issue 23): one row per Bucket4j bucket, its state
-- serialized by Bucket4j and swapped only if unchanged since read (compare-and-swap). A row expires
-- once its bucket would be full again; every node deletes expired rows. Single-node installations
-- keep their buckets in memory and leave this table empty.
CREATE TABLE rate_limit_buckets (
  id          VARCHAR(600) PRIMARY KEY,
  state       BYTEA        NOT NULL,
  expires_at  BIGINT       NOT NULL
);

CREATE INDEX rate_limit_buckets_expires ON rate_limit_buckets (expires_at);

-- The chunks of unfinished uploads when attachments live in PostgreSQL (a cluster): the next PATCH of
-- an upload may reach another node than the last one, which rebuilds its part file from these rows.
-- Written only while more chunks are to come; gone with the upload (finished, cancelled or expired).
CREATE TABLE upload_chunks (
  upload_id     VARCHAR(32)  NOT NULL REFERENCES attachments (id) ON DELETE CASCADE,
  start_offset  BIGINT       NOT NULL,
  bytes         BYTEA        NOT NULL,
  PRIMARY KEY (upload_id, start_offset)
);
