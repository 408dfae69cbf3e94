-- Models learned from this county's own decided reports (POST /api/v1/detection/learn): the shipped training data plus
-- the reports officers decided (a fraud outcome: the report's type; not_fraud: ordinary). A model is made active only
-- when, on a fifth of those reports held out, it is no worse than the shipped model; every instance answers with the
-- active one (or the shipped one when none is) within a minute.
CREATE TABLE county_models (
    id           bigserial PRIMARY KEY,
    requested_by text NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    status       text NOT NULL DEFAULT 'training' CHECK (status IN ('training', 'active', 'retired', 'rejected', 'failed')),
    finished_at  timestamptz,
    fingerprint  text,
    model        bytea,
    figures      jsonb,
    reason       text
);
CREATE UNIQUE INDEX county_models_one_active ON county_models ((true)) WHERE status = 'active';
