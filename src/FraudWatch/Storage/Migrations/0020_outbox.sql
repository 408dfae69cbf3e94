-- Replies that cannot go out at once (the group's minute limit is used up) wait in bot_messages as 'queued' and are sent
-- by Telegram/Outbox, so a busy group never holds up the chats handled after it. claimed_at is a lease.
ALTER TABLE bot_messages DROP CONSTRAINT IF EXISTS bot_messages_status_check;
ALTER TABLE bot_messages ADD CONSTRAINT bot_messages_status_check CHECK (status IN ('sent', 'dry_run', 'failed', 'queued'));
ALTER TABLE bot_messages ADD COLUMN reply_to bigint, ADD COLUMN buttons text, ADD COLUMN claimed_at timestamptz;
CREATE INDEX bot_messages_queued ON bot_messages (id) WHERE status = 'queued';
