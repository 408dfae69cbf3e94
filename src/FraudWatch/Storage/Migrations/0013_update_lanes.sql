-- The update worker's lane is stored with each update (set by the app from the chat id), so the number of lanes is
-- defined once, in UpdateProcessor.Lanes, and can change: pending updates are re-laned at start.
ALTER TABLE telegram_updates ADD COLUMN lane smallint NOT NULL DEFAULT 0;
UPDATE telegram_updates SET lane = mod(abs(chat_id), 8) WHERE status = 'received';
DROP INDEX IF EXISTS telegram_updates_partition_pending;
CREATE INDEX telegram_updates_lane_pending ON telegram_updates (lane, update_id) WHERE status = 'received';
