package io.patchflow.patch;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Adds a pending update to the catalog in its own short transaction. On a Patch Tuesday
 * many agents report the same new version at once; a duplicate then only means another
 * agent was first, and must not fail (in PostgreSQL: abort) the report that happened to
 * lose.
 */
@Repository
class CatalogInsertRepository {

    private final JdbcClient jdbc;

    CatalogInsertRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @return true when this call added it
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public boolean insertIfAbsent(String vendor, String vendorId, String packageName, String version) {
        try {
            jdbc.sql(
                    "INSERT INTO patch(vendor, vendor_id, title, package_name, version, patch_type, reboot_required, released_on) "
                            + "VALUES (?,?,?,?,?,?,?,?)")
                .params(vendor, vendorId, packageName + " " + version, packageName, version,
                        PatchType.MAINTENANCE.name(), false, null)
                .update();
            return true;
        }
        catch (DuplicateKeyException alreadyThere) {
            return false;
        }
    }

}
