-- The acceptance notice's query code, sealed, in a column of its own rather
-- than inside the notice body: the body is what pages and the API show, and
-- a secret kept out of it needs no reader to remember to strip it
-- (SECURITY.md item 32).
ALTER TABLE case_notices ADD COLUMN secret_enc TEXT NOT NULL DEFAULT '';
