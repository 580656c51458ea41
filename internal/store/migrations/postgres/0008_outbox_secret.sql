-- A message may carry one secret for the applicant only, such as the query
-- code of an acceptance (SECURITY.md item 32): the body holds a mark in its
-- place, staff read the mark, and the worker puts the opened secret in just
-- before sending. The secret is sealed like other personal data.
ALTER TABLE outbox ADD COLUMN secret_enc TEXT NOT NULL DEFAULT '';
