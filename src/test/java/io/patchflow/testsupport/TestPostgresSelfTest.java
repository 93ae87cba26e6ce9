package io.patchflow.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class TestPostgresSelfTest {

    @Test
    void servesAWorkingPostgres15OrLater() throws Exception {
        TestPostgres.Connection db = TestPostgres.database();
        assertTrue(db.url().startsWith("jdbc:postgresql:"), db.url());

        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select version()")) {
                assertTrue(rs.next());
                assertTrue(rs.getString(1).contains("PostgreSQL"), rs.getString(1));
            }
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select current_setting('server_version_num')::int")) {
                assertTrue(rs.next());
                assertTrue(rs.getInt(1) >= 150000, "server_version_num " + rs.getInt(1));
            }

            // Rolled back (DDL is transactional in PostgreSQL) so that the database stays
            // empty for the integration tests sharing this JVM: Flyway refuses a
            // non-empty schema without its history.
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("create table selftest_item (id int primary key, name text not null)");
                }
                try (PreparedStatement insert = c.prepareStatement("insert into selftest_item values (?, ?)")) {
                    insert.setInt(1, 1);
                    insert.setString(2, "Grüße, patch ✓");
                    assertEquals(1, insert.executeUpdate());
                }
                try (PreparedStatement select = c.prepareStatement("select name from selftest_item where id = ?")) {
                    select.setInt(1, 1);
                    try (ResultSet rs = select.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals("Grüße, patch ✓", rs.getString(1));
                        assertFalse(rs.next());
                    }
                }
            }
            finally {
                c.rollback();
            }
        }
    }

    /**
     * Without an explicit choice the server must be the one Maven brings, not some
     * PostgreSQL the machine happens to have: the build passes the binaries' version
     * (pom.xml) to this test.
     */
    @Test
    void runsThePostgresMavenBrings() throws Exception {
        assumeTrue(System.getenv("PATCHFLOW_TEST_DB_URL") == null && System.getenv("PATCHFLOW_PG_BINDIR") == null,
                "PATCHFLOW_TEST_DB_URL or PATCHFLOW_PG_BINDIR chooses another PostgreSQL");
        TestPostgres.Connection db = TestPostgres.database();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement();
                // pg_config's BINDIR is where the running server's executable lies, not
                // where it was built for.
                ResultSet rs = s.executeQuery("select current_setting('server_version'), "
                        + "(select setting from pg_config where name = 'BINDIR')")) {
            assertTrue(rs.next());
            String expected = System.getProperty("patchflow.test.postgres.version");
            if (expected != null) {
                // The artifact 17.5.0 holds PostgreSQL 17.5.
                assertEquals(expected.replaceFirst("^(\\d+\\.\\d+).*", "$1"), rs.getString(1));
            }
            // A machine's PostgreSQL of the same version would pass the check above.
            Path bin = Path.of(rs.getString(2));
            assertTrue(bin.getParent().getFileName().toString().startsWith("patchflow-pg-bin-"),
                    "server runs from " + bin);
        }
    }

    @Test
    void everyThreadGetsTheSameDatabase() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<TestPostgres.Connection>> results = pool
                .invokeAll(Collections.nCopies(8, (Callable<TestPostgres.Connection>) TestPostgres::database));
            for (Future<TestPostgres.Connection> result : results) {
                assertSame(TestPostgres.database(), result.get());
            }
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void springPropertiesDescribeTheSameDatabase() {
        TestPostgres.Connection db = TestPostgres.database();
        Map<String, String> properties = TestPostgres.springProperties();

        assertEquals(db.url(), properties.get("spring.datasource.url"));
        assertEquals(db.user(), properties.get("spring.datasource.username"));
        assertEquals(db.password(), properties.get("spring.datasource.password"));
    }

}
