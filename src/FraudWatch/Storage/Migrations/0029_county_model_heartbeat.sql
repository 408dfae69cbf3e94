-- A county model's learning job writes heartbeat_at when it starts and every 30 seconds while it learns
-- (Reports/CountyLearningJob). A training whose heartbeat stopped for 2 minutes was lost with its process, and the next
-- learn request marks it failed at once, rather than after the hour that is still the rule for a job that never started.
ALTER TABLE county_models ADD COLUMN heartbeat_at timestamptz;
