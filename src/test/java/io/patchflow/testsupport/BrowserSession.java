package io.patchflow.testsupport;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person signed in through the login form, as a browser is: CSRF token from the page,
 * then a session cookie. Requests to the Camunda webapps carry their XSRF cookie back as
 * a header, as the webapps' own scripts do.
 */
public final class BrowserSession {

    private final ApiClient api;

    private final CookieManager cookies = new CookieManager();

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();

    private BrowserSession(ApiClient api) {
        this.api = api;
    }

    public static BrowserSession signIn(ApiClient api, String user) {
        return signIn(api, user, "demo");
    }

    public static BrowserSession signIn(ApiClient api, String user, String password) {
        BrowserSession session = new BrowserSession(api);
        HttpResponse<String> login = session.login(user, password);
        if (login.statusCode() != 302 || !login.headers().firstValue("Location").orElse("").endsWith("/inbox")) {
            throw new AssertionError(
                    user + " could not sign in: HTTP " + login.statusCode() + " " + login.headers().map());
        }
        return session;
    }

    /** A fresh, signed-out browser. */
    public static BrowserSession anonymous(ApiClient api) {
        return new BrowserSession(api);
    }

    /** Posts the login form; the answer is a redirect to /inbox, or to /login?error. */
    public HttpResponse<String> login(String user, String password) {
        String page = get("/login").body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        if (!csrf.find()) {
            throw new AssertionError("no CSRF token on the login page");
        }
        return postForm("/login", "username=" + user + "&password=" + password + "&_csrf=" + csrf.group(1));
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(api.url(path))).GET());
    }

    public HttpResponse<String> postForm(String path, String form) {
        return send(HttpRequest.newBuilder(URI.create(api.url(path)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** A JSON post as the Camunda webapps send it, with their XSRF token. */
    public HttpResponse<String> postJson(String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.url(path)))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
        cookies.getCookieStore()
            .getCookies()
            .stream()
            .filter(c -> c.getName().equals("XSRF-TOKEN"))
            .map(HttpCookie::getValue)
            .findFirst()
            .ifPresent(token -> request.header("X-XSRF-TOKEN", token));
        return send(request);
    }

    /**
     * Any request in this session, with the CSRF token of the session's pages as a header
     * when given.
     */
    public HttpResponse<String> send(String verb, String path, String contentType, String body, String csrfToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.url(path)))
            .method(verb,
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (csrfToken != null) {
            request.header("X-CSRF-TOKEN", csrfToken);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new AssertionError("HTTP call failed", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

}
