-- /unbind holds until an officer binds the group again: a group re-added by anyone comes back active only when it
-- was bound and not unbound since (Groups/GroupStore.JoinedAsync).
ALTER TABLE groups ADD COLUMN unbound boolean NOT NULL DEFAULT false;
UPDATE groups SET unbound = true WHERE status = 'pending' AND township IS NOT NULL AND village IS NOT NULL;

-- Who the bot has seen in an active group: the user id and the group, never anything of the message. A report made
-- in private counts toward the warning threshold only from someone seen here (or who reported in a bound group).
-- Rows older than the retention period are deleted (Reports/Retention).
CREATE TABLE group_members_seen (
    user_id   bigint NOT NULL,
    group_id  bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    last_seen timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, group_id)
);
CREATE INDEX group_members_seen_last ON group_members_seen (last_seen);

-- The reporter's pseudonym is stored with the report, so that retention can drop the Telegram id (and a private
-- chat's id, which is the same number) and every distinct-reporter count still holds. in_county: the report was made
-- in a bound group, or by someone seen in one (Reports/ReputationStore.FindHotAsync counts only these).
-- duty_skipped: past Reports__DutyPostsPerReporterPerHour the report is stored and listed but not posted.
ALTER TABLE reports ADD COLUMN reporter_pseudonym text;
ALTER TABLE reports ADD COLUMN in_county boolean NOT NULL DEFAULT false;
ALTER TABLE reports ADD COLUMN duty_skipped boolean NOT NULL DEFAULT false;
ALTER TABLE reports ALTER COLUMN reporter_user_id DROP NOT NULL;
ALTER TABLE reports ALTER COLUMN chat_id DROP NOT NULL;
UPDATE reports SET in_county = true WHERE group_id IS NOT NULL;
CREATE INDEX reports_pseudonym_missing ON reports (id) WHERE reporter_pseudonym IS NULL;
CREATE INDEX bot_messages_created ON bot_messages (created_at);
