-- The request that made a campaign: a Telegram command's chat and message, or a console form's own key and contents.
-- The same request handled again (an update retried after a failure or resumed after a crash, a form sent twice)
-- finds the campaign it made instead of making a second one that every group would get again.
ALTER TABLE campaigns ADD COLUMN request_key text UNIQUE;
