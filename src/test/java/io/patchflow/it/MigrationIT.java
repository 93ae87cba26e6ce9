package io.patchflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Flyway owns the schema, the engine's included, on both databases. */
class MigrationIT extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void flywayCreatedTheEngineSchemaAndPatchflowTables() {
        List<String> applied = jdbc.sql(
                "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"")
            .query(String.class)
            .list();
        assertThat(applied).startsWith("1", "2");
        // Camunda's own create scripts record the schema version they built in
        // ACT_GE_SCHEMA_LOG.
        assertThat(jdbc.sql("SELECT VERSION_ FROM ACT_GE_SCHEMA_LOG ORDER BY ID_").query(String.class).list())
            .containsExactly("7.24.0");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM change_request").query(Long.class).single()).isNotNegative();
    }

    @Test
    void runsOnTheDatabaseTheBuildAskedFor() throws Exception {
        String product = jdbc.sql("SELECT 1")
            .query((rs, n) -> rs.getStatement().getConnection().getMetaData().getDatabaseProductName())
            .single();
        assertThat(product).isEqualTo("postgres".equals(DATABASE) ? "PostgreSQL" : "H2");
    }

}
