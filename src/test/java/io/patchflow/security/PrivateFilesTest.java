package io.patchflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

import io.patchflow.shared.OwnerOnlyFiles;
import io.patchflow.testsupport.RepositoryFiles;

/**
 * Secrets and data at rest: the embedded database and key files are readable by their
 * owner only from the moment they exist, and the shipped configuration holds no database
 * password.
 */
class PrivateFilesTest {

    @TempDir
    Path dir;

    @Test
    void theEmbeddedDatabaseIsCreatedOwnerOnlyBeforeH2WritesIt() throws Exception {
        Path data = dir.resolve("data");
        String url = "jdbc:h2:file:" + data.resolve("patchflow") + ";DB_CLOSE_DELAY=0";
        try (HikariDataSource source = new HikariDataSource()) {
            source.setJdbcUrl(url);
            source.setUsername("patchflow");
            source.setPassword("secret");
            new PrivateDatabaseFiles().postProcessBeforeInitialization(source, "dataSource");
            Path file = data.resolve("patchflow.mv.db");
            assertThat(permissions(data)).isEqualTo("rwx------");
            assertThat(permissions(file)).as("before any content").isEqualTo("rw-------");
            assertThat(Files.size(file)).isZero();

            try (Connection connection = source.getConnection()) {
                connection.createStatement().execute("CREATE TABLE secret(x VARCHAR(10))");
                connection.createStatement().execute("INSERT INTO secret VALUES ('hunter2')");
            }
            source.close();
            assertThat(Files.size(file)).as("H2 took the empty file as its database").isPositive();
            assertThat(permissions(file)).isEqualTo("rw-------");
        }
    }

    @Test
    void anExistingDatabaseFileIsMadeOwnerOnly() throws IOException {
        Path file = dir.resolve("old.mv.db");
        Files.writeString(file, "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        HikariDataSource source = new HikariDataSource();
        source.setJdbcUrl("jdbc:h2:" + dir.resolve("old"));
        new PrivateDatabaseFiles().postProcessBeforeInitialization(source, "dataSource");
        assertThat(permissions(file)).isEqualTo("rw-------");
    }

    @Test
    void onlyLocalH2FilesAreTouched() {
        assertThat(PrivateDatabaseFiles.databaseFile("jdbc:h2:file:./data/patchflow;AUTO_SERVER=TRUE"))
            .contains(Path.of("./data/patchflow.mv.db"));
        assertThat(PrivateDatabaseFiles.databaseFile("jdbc:h2:./data/patchflow"))
            .contains(Path.of("./data/patchflow.mv.db"));
        assertThat(PrivateDatabaseFiles.databaseFile("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1")).isEmpty();
        assertThat(PrivateDatabaseFiles.databaseFile("jdbc:h2:tcp://db/x")).isEmpty();
        assertThat(PrivateDatabaseFiles.databaseFile("jdbc:postgresql://db/patchflow")).isEmpty();
    }

    @Test
    void aKeyFileIsOwnerOnlyBeforeTheKeyIsWritten() throws IOException {
        Path key = dir.resolve("keys").resolve("agent-signing-key");
        OwnerOnlyFiles.write(key, "ed25519:secret");
        assertThat(permissions(key.getParent())).isEqualTo("rwx------");
        assertThat(permissions(key)).isEqualTo("rw-------");
        assertThat(Files.readString(key)).isEqualTo("ed25519:secret");
    }

    @Test
    void theServerGeneratesItsSigningKeyOwnerOnly() throws IOException {
        Path key = dir.resolve("signing").resolve("agent-signing-key");
        new io.patchflow.agent.JobSignerFixture().generate(key);
        assertThat(permissions(key)).isEqualTo("rw-------");
        assertThat(Files.readString(key)).startsWith("ed25519:");
    }

    /**
     * Outside the demo profile, the shipped configuration has no database password, only
     * the environment's.
     */
    @Test
    void noDefaultDatabasePasswordShipsOutsideTheDemoProfile() throws IOException {
        Pattern password = Pattern.compile("(?m)^\\s*password:\\s*(.*)$");
        for (String profile : List.of("application.yaml", "application-postgres.yaml")) {
            String yaml = Files.readString(RepositoryFiles.path("src", "main", "resources", profile));
            Matcher matcher = password.matcher(yaml);
            while (matcher.find()) {
                assertThat(matcher.group(1).strip()).as(profile).matches("\\$\\{[A-Z_]+}");
            }
        }
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

}
