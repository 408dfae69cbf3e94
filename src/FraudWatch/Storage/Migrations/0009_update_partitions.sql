-- Each update worker claims the oldest waiting update of its partition of chats (UpdateProcessor.Partitions = 8).
-- Indexing the partition expression lets a claim read a few index entries instead of stepping over every other
-- partition's waiting updates during a burst.
CREATE INDEX telegram_updates_partition_pending ON telegram_updates (mod(abs(chat_id), 8), update_id) WHERE status = 'received';
