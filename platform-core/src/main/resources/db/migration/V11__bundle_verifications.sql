-- The verdict on an uploaded archive, once per digest of its bytes: the reader's checks and the
-- sandbox's verification passed and made this version. The same bytes uploaded again (the sample
-- apps at every start) find their version here instead of being read and run again.
CREATE TABLE bundle_verifications (
  archive_sha256 VARCHAR(64)  PRIMARY KEY,
  app_id         VARCHAR(32)  NOT NULL,
  version        VARCHAR(64)  NOT NULL,
  verified_at    BIGINT       NOT NULL,
  FOREIGN KEY (app_id, version) REFERENCES app_versions (app_id, version)
);
