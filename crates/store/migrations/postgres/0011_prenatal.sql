-- Sorgeerklärungen made before the birth (§ 1626b Abs. 2 BGB), notified without the child's
-- data. An open notification is held by one office and found by the mother's names; once the
-- birth is known it is completed: it becomes an entry of the register office of the child's
-- birthplace, and keeps a link to it. Nothing is deleted.
CREATE TABLE prenatal_notifications (
    id TEXT PRIMARY KEY,
    holding_office_id TEXT NOT NULL REFERENCES offices (id),
    status TEXT NOT NULL CHECK (status IN ('open', 'completed')),
    declared_on TEXT NOT NULL,
    data TEXT NOT NULL,
    entry_id TEXT UNIQUE REFERENCES register_entries (id),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    completed_at TEXT,
    completed_by TEXT,
    CHECK ((status = 'open') = (entry_id IS NULL))
);
CREATE INDEX prenatal_notifications_office
    ON prenatal_notifications (holding_office_id, status, created_at);

-- The mother's keys of every open notification (name codes and pairs of them, see
-- domain::prenatal::MotherRetrieval) with her date of birth and the declaration date: the search
-- for notifications that could concern a child reads only these.
CREATE TABLE prenatal_mother_keys (
    key TEXT NOT NULL,
    mother_birth_date TEXT NOT NULL,
    declared_on TEXT NOT NULL,
    prenatal_id TEXT NOT NULL REFERENCES prenatal_notifications (id),
    PRIMARY KEY (key, mother_birth_date, declared_on, prenatal_id)
);
CREATE INDEX prenatal_mother_keys_notification ON prenatal_mother_keys (prenatal_id);

-- A reviewer's verdict on an open prenatal notification that could concern the child of an
-- application in review; "same child" completes it with that child's data (entry_id).
CREATE TABLE review_prenatal_verdicts (
    application_id TEXT NOT NULL REFERENCES review_settlements (application_id),
    prenatal_id TEXT NOT NULL REFERENCES prenatal_notifications (id),
    verdict TEXT NOT NULL CHECK (verdict IN ('same_child', 'not_same_child')),
    entry_id TEXT REFERENCES register_entries (id),
    PRIMARY KEY (application_id, prenatal_id)
);
