-- The rich parts of a message (attachments, the message it replies to, where it was forwarded
-- from, a link preview, ...) as one JSON document per message: each capability adds a key, read
-- with the message in the same row. deleted_at marks a message its sender deleted for everyone:
-- a tombstone whose text and extras are gone.
ALTER TABLE messages ADD COLUMN extras TEXT;
ALTER TABLE messages ADD COLUMN deleted_at BIGINT;
