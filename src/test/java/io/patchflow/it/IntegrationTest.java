package io.patchflow.it;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.patchflow.testsupport.ApiClient;
import io.patchflow.testsupport.TestPostgres;

/**
 * The real server on a random loopback port, with the demo data set and the fleet
 * simulator, on H2 or on a real PostgreSQL server: Failsafe runs every *IT twice, once
 * per database (system property {@code patchflow.test.database}). All ITs share this one
 * configuration, so they share one server per run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@ActiveProfiles({ "demo", "it" })
abstract class IntegrationTest {

    static final String DATABASE = System.getProperty("patchflow.test.database", "h2");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        if ("postgres".equals(DATABASE)) {
            TestPostgres.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        }
        else if ("h2".equals(DATABASE)) {
            registry.add("spring.datasource.url", () -> "jdbc:h2:mem:patchflow-it;DB_CLOSE_DELAY=-1");
        }
        else {
            throw new IllegalStateException("patchflow.test.database is h2 or postgres, not " + DATABASE);
        }
    }

    ApiClient api() {
        return new ApiClient(port);
    }

}
