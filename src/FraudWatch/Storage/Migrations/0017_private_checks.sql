-- A message a resident sent the bot in private to be checked, kept only so its "Report" button can file it (and its
-- "Not a scam" button record the feedback). Rows are deleted after two days unless they became a report.
CREATE TABLE private_checks (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL,
    chat_id bigint NOT NULL,
    message_id bigint NOT NULL,
    text text NOT NULL,
    forwarded_from text,
    language text NOT NULL,
    feedback text,
    report_id bigint REFERENCES reports (id),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX private_checks_created ON private_checks (created_at);
