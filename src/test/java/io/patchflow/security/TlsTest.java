package io.patchflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Served over TLS, the session cookie is marked Secure and every answer carries HSTS. The
 * server gets a fresh self-signed certificate from the JDK's keytool; the client trusts
 * exactly that one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@ActiveProfiles("test")
class TlsTest {

    static final String STORE_PASSWORD = "test-" + System.nanoTime();
    static final Path KEYSTORE = Path.of("target", "tls", "server.p12").toAbsolutePath();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void tls(DynamicPropertyRegistry registry) throws Exception {
        Files.createDirectories(KEYSTORE.getParent());
        Files.deleteIfExists(KEYSTORE);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "patchflow", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore",
                KEYSTORE.toString(), "-storepass", STORE_PASSWORD)
            .redirectErrorStream(true)
            .start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        registry.add("server.ssl.enabled", () -> "true");
        registry.add("server.ssl.key-store", KEYSTORE::toString);
        registry.add("server.ssl.key-store-type", () -> "PKCS12");
        registry.add("server.ssl.key-store-password", () -> STORE_PASSWORD);
        registry.add("server.ssl.key-alias", () -> "patchflow");
    }

    @Test
    void overTlsTheSessionCookieIsSecureAndHstsIsSent() throws Exception {
        HttpClient browser = HttpClient.newBuilder()
            .sslContext(trustingOurCertificate())
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(url("/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("Strict-Transport-Security"))
            .hasValueSatisfying(h -> assertThat(h).contains("max-age="));
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(csrf.find()).isTrue();

        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(url("/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("username=grace&password=nope&_csrf=" + csrf.group(1)))
            .build(), HttpResponse.BodyHandlers.ofString());

        List<String> cookies = page.headers().allValues("Set-Cookie");
        cookies = cookies.isEmpty() ? login.headers().allValues("Set-Cookie") : cookies;
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("JSESSIONID=")
            .containsIgnoringCase("; Secure")
            .containsIgnoringCase("HttpOnly")
            .containsIgnoringCase("SameSite=Lax"));
        assertThat(login.headers().firstValue("Strict-Transport-Security")).isPresent();

        HttpResponse<String> api = browser.send(HttpRequest.newBuilder(url("/api/customers")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("Strict-Transport-Security")).as("the API's answers too").isPresent();
    }

    private URI url(String path) {
        return URI.create("https://127.0.0.1:" + port + path);
    }

    private static SSLContext trustingOurCertificate() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(KEYSTORE)) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

}
