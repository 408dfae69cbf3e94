-- The chat an update belongs to: updates of one chat are handled in order, different chats in parallel.
ALTER TABLE telegram_updates ADD COLUMN chat_id bigint NOT NULL DEFAULT 0;
