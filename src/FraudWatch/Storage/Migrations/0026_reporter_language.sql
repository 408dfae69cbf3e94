-- The language the reporter reads in a private chat with the bot (zh-CN or en, from their Telegram app when they
-- reported), so the outcome notice and a queued private answer reach them in it. reports.language is the reported
-- text's language, which is not the reader's: an English-speaking resident may report a Chinese SMS. Null for reports
-- made before this column, which fall back to the text's language as before.
ALTER TABLE reports ADD COLUMN reporter_language text;
