-- Vendor advisories and what they say about patches (docs/advisories.md).

-- One imported advisory, e.g. DSA-5729-1; the patches it names point back to it.
CREATE TABLE advisory (
    id           VARCHAR(100) PRIMARY KEY,
    vendor       VARCHAR(100) NOT NULL,
    title        VARCHAR(300) NOT NULL,
    published_on DATE,
    imported_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    imported_by  VARCHAR(100) NOT NULL
);
ALTER TABLE patch ADD COLUMN advisory_id VARCHAR(100) REFERENCES advisory(id);

-- SUPERSEDES: installing patch_id makes related_patch_id unnecessary (a newer cumulative update).
-- REQUIRES: related_patch_id must be installed before patch_id, in the same change or already.
-- Versions of the same Debian/Ubuntu package supersede each other by dpkg ordering without a row here.
CREATE TABLE patch_relation (
    patch_id          BIGINT      NOT NULL REFERENCES patch(id),
    related_patch_id  BIGINT      NOT NULL REFERENCES patch(id),
    kind              VARCHAR(20) NOT NULL,
    PRIMARY KEY (patch_id, related_patch_id, kind),
    CONSTRAINT patch_relation_kind CHECK (kind IN ('SUPERSEDES','REQUIRES')),
    CONSTRAINT patch_relation_self CHECK (patch_id <> related_patch_id)
);
CREATE INDEX patch_relation_related ON patch_relation(related_patch_id);
