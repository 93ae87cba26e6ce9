package io.patchflow.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

import com.zaxxer.hikari.HikariDataSource;

import io.patchflow.shared.OwnerOnlyFiles;

/**
 * The embedded H2 database is a file with every change, approval and agent credential
 * hash in it. Before the pool opens its first connection, its directory is created
 * rwx------ and its file rw------- (an empty file, which H2 takes as a new database), so
 * nothing is ever written to a file another local user could read. An existing file is
 * made rw-------.
 */
@Component
class PrivateDatabaseFiles implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(PrivateDatabaseFiles.class);

    /**
     * jdbc:h2:file:./data/patchflow;OPTIONS, or jdbc:h2:./data/patchflow; not mem:, tcp:,
     * ssl:, zip: ...
     */
    private static final Pattern H2_FILE = Pattern
        .compile("^jdbc:h2:(?:file:)?(?!mem:|tcp:|ssl:|zip:|nio|split:|async:)([^;]+)");

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource hikari) {
            databaseFile(hikari.getJdbcUrl()).ifPresent(PrivateDatabaseFiles::protect);
        }
        return bean;
    }

    /** The .mv.db file an H2 URL opens, if it opens a local file. */
    static Optional<Path> databaseFile(String jdbcUrl) {
        if (jdbcUrl == null) {
            return Optional.empty();
        }
        Matcher matcher = H2_FILE.matcher(jdbcUrl);
        if (!matcher.find()) {
            return Optional.empty();
        }
        String base = matcher.group(1).replaceFirst("^~", System.getProperty("user.home").replace("\\", "/"));
        return Optional.of(Path.of(base + ".mv.db"));
    }

    private static void protect(Path file) {
        try {
            OwnerOnlyFiles.privateFile(file);
            for (String sibling : new String[] { ".trace.db", ".lock.db" }) {
                Path other = file.resolveSibling(file.getFileName().toString().replace(".mv.db", sibling));
                if (Files.exists(other)) {
                    Files.setPosixFilePermissions(other, OwnerOnlyFiles.FILE);
                }
            }
            log.debug("embedded database file {} is readable by its owner only", file.toAbsolutePath());
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot make the embedded database file " + file + " private", e);
        }
        catch (UnsupportedOperationException notPosix) {
            log.warn("the file system of {} has no POSIX permissions: protect its directory by other means",
                    file.toAbsolutePath());
        }
    }

}
