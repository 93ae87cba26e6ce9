-- The change list's filters (issue 13, part 6). Each filter that looks into another table is a
-- subquery that starts from the value searched for, so it needs an index on that value and one
-- back to the change; the list itself stays on change_request_customer (customer_id, id).

-- cve: patch_cve's key starts with patch_id; change_patch's with change_id.
CREATE INDEX patch_cve_cve ON patch_cve(cve_id);
CREATE INDEX change_patch_patch ON change_patch(patch_id);

-- ticket: ticket's unique key is (customer_id, system, reference); change_ticket's key starts
-- with change_id.
CREATE INDEX ticket_reference ON ticket(reference);
CREATE INDEX change_ticket_ticket ON change_ticket(ticket_id);

-- asset: asset's unique key (customer_id, hostname) finds the customer's assets, and
-- change_asset_asset (V2) their changes.

-- from / to: the created date range within the customer's changes.
CREATE INDEX change_request_customer_created ON change_request(customer_id, created_at);
