-- A report joining a wave used to count the wave's villages by reading all of its texts (twice: the alert check and the
-- figures), while holding the wave's row lock: O(reports in the wave) per report, and every copy of a busy script waited
-- for it (BENCHMARKS.md, Ingest). The villages of each wave are now kept as they come, one row per village (and
-- township), so the figures and the alert check read a wave's villages, not its texts.
CREATE TABLE wave_villages (
    wave_id    bigint NOT NULL REFERENCES waves (id),
    village    text NOT NULL,
    township   text,
    first_seen timestamptz NOT NULL,
    last_seen  timestamptz NOT NULL,
    reports    integer NOT NULL
);
-- One row per (wave, village, township); a village name may exist in two townships.
CREATE UNIQUE INDEX wave_villages_key ON wave_villages (wave_id, village, (coalesce(township, '')));

INSERT INTO wave_villages (wave_id, village, township, first_seen, last_seen, reports)
SELECT wave_id, village, township, min(created_at), max(created_at), count(*)
FROM wave_texts WHERE village IS NOT NULL
GROUP BY wave_id, village, township;

-- Copies that differ only in what masking hides (numbers, links, names) are the same text after normalizing: an equal
-- text already stored names its wave without the trigram search. A hash index keeps only a 4-byte hash per row, however
-- long the text; texts blanked by retention are left out.
CREATE INDEX wave_texts_exact ON wave_texts USING hash (text) WHERE text <> '';

-- How many of a wave's texts are in the trigram index. A wave indexes its first 8 close variants and after that only
-- texts far from every indexed one (similarity below 0.5): the index, and so the cost of every match, then grows with
-- the number of scripts rather than the number of reports (BENCHMARKS.md, Waves).
ALTER TABLE waves ADD COLUMN indexed_texts integer NOT NULL DEFAULT 0;
UPDATE waves w SET indexed_texts = (SELECT count(*) FROM wave_texts t WHERE t.wave_id = w.id AND t.indexed);
