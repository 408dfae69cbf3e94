-- A group warned about a number or link gets no new warning about it for Reports__WarnAgainAfterMinutes: the claim looks up
-- the group's last warning about each one.
CREATE INDEX warnings_sent_group_indicator ON warnings_sent (group_id, kind, value, created_at);
