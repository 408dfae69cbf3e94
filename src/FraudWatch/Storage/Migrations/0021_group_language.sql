-- A group's language is chosen by an officer (/bind … lang:en or PATCH); NULL means the county default
-- (FraudWatch__DefaultLanguage), so changing that setting moves every group nobody chose a language for.
-- Until now nothing could set it, so the 'zh-CN' every row holds is the old default, not a choice.
ALTER TABLE groups ALTER COLUMN language DROP NOT NULL, ALTER COLUMN language DROP DEFAULT;
UPDATE groups SET language = NULL WHERE language = 'zh-CN';
ALTER TABLE groups ADD CONSTRAINT groups_language_check CHECK (language IN ('zh-CN', 'en'));
