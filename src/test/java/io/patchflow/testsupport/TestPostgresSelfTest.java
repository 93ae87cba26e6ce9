package io.patchflow.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

            // Rolled back (DDL is transactional in PostgreSQL) so that the database stays empty for the
            // integration tests sharing this JVM: Flyway refuses a non-empty schema without its history.
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
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void everyThreadGetsTheSameDatabase() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<TestPostgres.Connection>> results =
                    pool.invokeAll(Collections.nCopies(8, (Callable<TestPostgres.Connection>) TestPostgres::database));
            for (Future<TestPostgres.Connection> result : results) {
                assertSame(TestPostgres.database(), result.get());
            }
        } finally {
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
