package io.patchflow.process.schema;

import java.sql.Connection;
import java.util.List;
import java.util.Locale;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.stereotype.Component;

/**
 * Creates the Camunda 7.24 engine schema from the create scripts shipped inside the
 * engine jar.
 *
 * <p>
 * Flyway owns every table so that one tool decides the schema's version; the engine runs
 * with {@code schema-update=false} and only checks the version these scripts record.
 * Running the scripts from the classpath keeps Camunda's SQL out of our repository.
 */
@Component
public class V1__Camunda_engine_schema extends BaseJavaMigration {

    private static final String SCRIPT_FOLDER = "org/camunda/bpm/engine/db/create/";

    // The order Camunda itself uses when it creates its schema.
    private static final List<String> PARTS = List.of("engine", "history", "identity", "case.engine", "case.history",
            "decision.engine", "decision.history");

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        String database = camundaDatabaseType(connection.getMetaData().getDatabaseProductName());
        for (String part : PARTS) {
            ClassPathResource script = new ClassPathResource(
                    SCRIPT_FOLDER + "activiti." + database + ".create." + part + ".sql");
            if (!script.exists()) {
                throw new IllegalStateException(
                        "Camunda create script missing from the engine jar: " + script.getPath());
            }
            ScriptUtils.executeSqlScript(connection, script);
        }
    }

    static String camundaDatabaseType(String productName) {
        String name = productName.toLowerCase(Locale.ROOT);
        if (name.contains("h2")) {
            return "h2";
        }
        if (name.contains("postgres")) {
            return "postgres";
        }
        throw new IllegalStateException("Patchflow supports H2 and PostgreSQL, not " + productName);
    }

}
