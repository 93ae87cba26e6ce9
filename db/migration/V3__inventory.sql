-- Inventory, first full form: what an MSP records about each machine, and what agents report.

ALTER TABLE asset ADD COLUMN os_end_of_life DATE;
ALTER TABLE asset ADD COLUMN environment VARCHAR(20) DEFAULT 'PRODUCTION' NOT NULL;
ALTER TABLE asset ADD COLUMN downtime_tolerance VARCHAR(20) DEFAULT 'LOW' NOT NULL;
ALTER TABLE asset ADD COLUMN owner_group VARCHAR(100);
ALTER TABLE asset ADD COLUMN backup_profile VARCHAR(100);
-- Facts reported by the asset's agent.
ALTER TABLE asset ADD COLUMN reboot_required BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE asset ADD COLUMN facts_reported_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE asset ADD COLUMN reported_os VARCHAR(100);
ALTER TABLE asset ADD CONSTRAINT asset_environment CHECK (environment IN ('PRODUCTION','STAGING','TEST','DEVELOPMENT'));
ALTER TABLE asset ADD CONSTRAINT asset_downtime_tolerance CHECK (downtime_tolerance IN ('NONE','LOW','MEDIUM','HIGH'));

CREATE TABLE asset_tag (
    asset_id  BIGINT      NOT NULL REFERENCES asset(id),
    tag       VARCHAR(50) NOT NULL,
    PRIMARY KEY (asset_id, tag)
);
CREATE INDEX asset_tag_tag ON asset_tag(tag);

-- Packages an agent reported: what is installed, and which update is pending (candidate).
CREATE TABLE asset_package (
    asset_id           BIGINT       NOT NULL REFERENCES asset(id),
    package_name       VARCHAR(200) NOT NULL,
    installed_version  VARCHAR(100),
    candidate_version  VARCHAR(100),
    reported_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (asset_id, package_name)
);
CREATE INDEX asset_package_pending ON asset_package(package_name, candidate_version);

-- What an agent not in the inventory reports about itself stays with the agent.
ALTER TABLE agent ADD COLUMN reported_os VARCHAR(100);
