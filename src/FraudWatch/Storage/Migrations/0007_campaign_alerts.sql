-- An urgent alert (/alert) is a campaign of the urgent_alert template about one number or link.
CREATE TABLE campaign_alerts (
    campaign_id bigint PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
    value       text NOT NULL,
    kind        text NOT NULL,
    note        text NOT NULL DEFAULT ''
);
