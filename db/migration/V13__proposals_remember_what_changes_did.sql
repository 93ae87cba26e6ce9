-- A patch that a change installed, is installing, or was proposed for on an asset is not proposed
-- again for it (issue 13, docs/adr/0030-a-patch-is-proposed-once-per-asset.md).

-- An update the asset's agent still reports pending after a closed change installed it there: the
-- proposal run sets these through inventory's API (InventoryFacts.markStillPending), the inventory
-- shows the asset as UPDATE_STILL_PENDING, and the audit trail records it once. The row goes when
-- the agent no longer reports the update, and its flag with it.
ALTER TABLE asset_pending_patch ADD COLUMN still_pending_after_change BIGINT REFERENCES change_request(id);
ALTER TABLE asset_pending_patch ADD COLUMN flagged_at TIMESTAMP WITH TIME ZONE;

-- A proposal for updates that an earlier change held on these assets without installing them
-- (cancelled, rejected, failed, rolled back): it waits for a person even if it fits a standard
-- change template, so that the run never repeats a failure or overrides a person's "no" by itself.
ALTER TABLE change_proposal ADD COLUMN proposed_again BOOLEAN DEFAULT FALSE NOT NULL;
