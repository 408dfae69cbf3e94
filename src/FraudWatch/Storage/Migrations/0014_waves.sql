-- Scam waves (Waves/): reports whose texts are near duplicates, numbers, links, amounts and names masked.
-- pg_trgm is a trusted extension (PostgreSQL 13+), in the contrib part of Debian's postgresql package and of the
-- postgres image, so the database owner can create it without a superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One wave: one script seen in one or more reports. representative_text is the first copy, masked (no one's number
-- or name). alerted_at is set once, by the report that brought the wave to Waves__AlertVillages villages in 24 h;
-- warned_at once an officer has sent the warning.
CREATE TABLE waves (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type                text NOT NULL,
    representative_text text NOT NULL,
    first_seen          timestamptz NOT NULL,
    last_seen           timestamptz NOT NULL,
    report_count        integer NOT NULL DEFAULT 0,
    alerted_at          timestamptz,
    warned_at           timestamptz
);
CREATE INDEX waves_last_seen ON waves (last_seen DESC, id DESC);

-- Each report's text as matched (normalized: masked and folded), with the place and the reporter's pseudonym it
-- came with. Waves is given these; it never reads or writes reports. similarity is to the closest earlier text
-- when the report joined (null for the report that started the wave). A text at least 0.95 similar to one already
-- indexed is not indexed itself (indexed = false): pg_trgm similarity is a Jaccard index, so whatever matches the copy
-- matches the indexed text within 0.05, and a wave of a thousand identical copies costs a match one index entry.
CREATE TABLE wave_texts (
    report_id     bigint PRIMARY KEY,
    wave_id       bigint NOT NULL REFERENCES waves (id),
    text          text NOT NULL,
    masked_text   text NOT NULL,
    similarity    real,
    indexed       boolean NOT NULL,
    type          text NOT NULL,
    village       text,
    township      text,
    group_chat_id bigint,
    reporter      text,
    created_at    timestamptz NOT NULL
);
-- GIN rather than GiST: smaller and faster to search for the % operator at a million rows (BENCHMARKS.md, Waves).
CREATE INDEX wave_texts_trgm ON wave_texts USING gin (text gin_trgm_ops) WHERE indexed;
CREATE INDEX wave_texts_wave ON wave_texts (wave_id, created_at);

-- Every number, link, card and account seen in a wave, normalized as Detection gives them.
CREATE TABLE wave_indicators (
    wave_id    bigint NOT NULL REFERENCES waves (id),
    kind       text NOT NULL,
    value      text NOT NULL,
    first_seen timestamptz NOT NULL,
    PRIMARY KEY (wave_id, kind, value)
);
CREATE INDEX wave_indicators_value ON wave_indicators (kind, value);
