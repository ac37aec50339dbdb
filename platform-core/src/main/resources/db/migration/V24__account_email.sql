-- An optional e-mail address per account (issue 17: password reset by mail). Stored lower-cased;
-- not unique (two accounts may share one address, and a unique index would tell a stranger that an
-- address is taken). Shown only to its owner; the index serves "forgot password" by address.
ALTER TABLE accounts ADD COLUMN email VARCHAR(254);
CREATE INDEX accounts_email ON accounts (email);
