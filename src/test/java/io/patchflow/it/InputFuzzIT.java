package io.patchflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.patchflow.security.AppUser;
import io.patchflow.security.Role;
import io.patchflow.security.UserDirectory;
import io.patchflow.testsupport.BrowserSession;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Every API and form endpoint of Patchflow, driven with oversized, deeply nested and
 * wrongly typed input: none may answer 5xx. The endpoints are read from Spring's own
 * mapping, so a new one is driven without anyone adding it here. Ids in paths are ones
 * that do not exist, so no request finds anything to change.
 */
class InputFuzzIT extends IntegrationTest {

    static final String UNKNOWN_NUMBER = "987654321";
    static final String LONG = "x".repeat(3_000);
    static final String UNDER_THE_LIMIT = "y".repeat(9_500);
    static final String OVER_THE_LIMIT = "z".repeat(20_000);

    /**
     * Path variables for which a real value makes the request reach its body without
     * changing anything.
     */
    static final Map<String, List<String>> REAL = Map.of("feed", List.of("kev", "epss", "nvd"));

    static final List<String> NESTED = List.of("[".repeat(5_000) + "]".repeat(5_000),
            "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000),
            "{\"advisories\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}",
            "{\"vulnerabilities\":[" + "{\"x\":".repeat(2_000) + "1" + "}".repeat(2_000) + "]}");
    static final List<String> WRONG = List.of("[]", "null", "\"text\"", "12345678901234567890", "{", "{\"a\":1,}",
            "{\"x\":\"" + "q".repeat(300_000) + "\"}", "\u0000\u0001");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<String> fivehundreds = new ArrayList<>();

    /**
     * The CSRF token when the current endpoint is driven in the browser session; null for
     * the HTTP Basic APIs.
     */
    private String session;

    private int requests;

    @Autowired
    UserDirectory users;

    @Autowired
    org.camunda.bpm.engine.ProcessEngine engine;

    /**
     * Every role in every customer, with a password stored in clear ({noop}): thousands
     * of requests, each signed in by HTTP Basic, would otherwise spend their time in
     * bcrypt.
     */
    private void aFuzzer() {
        if (!users.exists(FUZZER)) {
            users.create(new AppUser(FUZZER, "Fuzzer", "fuzzer@example.com", "{noop}" + PASSWORD, true,
                    Set.of(Role.values()), Set.of("acme", "globex")));
        }
    }

    static final String FUZZER = "fuzzer";
    static final String PASSWORD = "fuzz-" + java.util.UUID.randomUUID();

    @Test
    void noEndpointAnswers5xxToOversizedNestedOrWronglyTypedInput() {
        aFuzzer();
        BrowserSession admin = BrowserSession.signIn(api(), FUZZER, PASSWORD);
        String csrf = csrfToken(admin);
        int endpoints = 0;
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
            HandlerMethod handler = mapping.getValue();
            if (!handler.getBeanType().getPackageName().startsWith("io.patchflow") || !takesInput(handler)) {
                continue;
            }
            endpoints++;
            boolean json = AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), RestController.class);
            String rawCsrf = java.net.URLDecoder.decode(csrf, StandardCharsets.UTF_8);
            Set<String> verbs = mapping.getKey()
                .getMethodsCondition()
                .getMethods()
                .stream()
                .map(Enum::name)
                .collect(Collectors.toSet());
            boolean readsBody = readsBody(handler);
            for (String pattern : mapping.getKey().getPatternValues()) {
                for (String path : paths(pattern, readsBody)) {
                    for (String verb : verbs.isEmpty() ? Set.of("GET") : verbs) {
                        drive(verb, path, handler, json, admin, csrf, rawCsrf);
                    }
                }
            }
        }
        // and the sign-in itself: odd user names by HTTP Basic and on the login form
        for (String name : new String[] { "\u0000admin", "a".repeat(5_000), "'; DROP TABLE app_user; --",
                "admin\r\nX-Injected: 1" }) {
            requests++;
            ApiResponse basic = basic(name + ":" + "x", "/api/customers");
            if (basic.status() >= 500) {
                fivehundreds.add("HTTP Basic as " + abbreviate(name) + " → " + basic.status());
            }
            int form = BrowserSession.anonymous(api()).login(encode(name), "x").statusCode();
            if (form >= 500) {
                fivehundreds.add("login form as " + abbreviate(name) + " → " + form);
            }
        }
        assertThat(endpoints).as("endpoints found in Spring's mapping").isGreaterThan(60);
        assertThat(requests).isGreaterThan(800);
        assertThat(fivehundreds).as("requests answered 5xx, of " + requests).isEmpty();
    }

    /**
     * The engine REST API that admins may still use, read and retry: unknown ids,
     * nonsense paging, sorting and dates, and bad retry bodies get a 4xx from Camunda or
     * from Patchflow's filter.
     */
    @Test
    void theEngineRestApiAnswersBadInputWithout5xx() {
        aFuzzer();
        String[] resources = { "/process-instance/%s", "/process-instance/%s/variables",
                "/process-instance/%s/activity-instances", "/process-instance/%s/variables/x", "/task/%s",
                "/task/%s/variables", "/task/%s/form-variables", "/task/%s/form", "/task/%s/rendered-form",
                "/task/%s/deployed-form", "/task/%s/identity-links", "/task/%s/comment", "/job/%s",
                "/job/%s/stacktrace", "/incident/%s", "/execution/%s", "/execution/%s/localVariables",
                "/process-definition/%s", "/process-definition/%s/xml", "/process-definition/%s/form-variables",
                "/process-definition/%s/diagram", "/process-definition/%s/statistics", "/process-definition/key/%s",
                "/process-definition/key/%s/xml", "/decision-definition/%s", "/decision-definition/%s/xml",
                "/deployment/%s", "/deployment/%s/resources", "/deployment/%s/resources/%s/data",
                "/history/process-instance/%s", "/history/activity-instance/%s", "/variable-instance/%s",
                "/variable-instance/%s/data", "/job-definition/%s", "/batch/%s", "/filter/%s", "/user/%s/profile",
                "/group/%s", "/tenant/%s" };
        // an instance that has ended and a task that was completed, which Camunda's reads
        // treat unevenly
        engine.getRepositoryService()
            .createDeployment()
            .addString("ended.bpmn",
                    io.patchflow.testsupport.EvilModels.model(io.patchflow.testsupport.EvilModels.Place.OUTPUT_MAPPING,
                            "'x'"))
            .deploy();
        String ended = engine.getRuntimeService().startProcessInstanceByKey("evil").getId();
        String done = engine.getTaskService().createTaskQuery().processInstanceId(ended).singleResult().getId();
        engine.getTaskService().complete(done);
        for (String resource : resources) {
            for (String id : List.of("no-such-id", UNKNOWN_NUMBER, LONG.substring(0, 500), ended, done)) {
                engineRest("GET", "/engine-rest" + resource.replace("%s", encode(id)), null);
            }
        }
        for (String collection : List.of("/process-instance", "/task", "/job", "/incident", "/history/process-instance",
                "/history/activity-instance", "/variable-instance", "/deployment", "/process-definition", "/execution",
                "/history/task", "/history/incident", "/history/detail", "/external-task", "/user", "/group",
                "/tenant")) {
            for (String query : List.of("?firstResult=-1", "?maxResults=-5", "?firstResult=abc",
                    "?maxResults=99999999999", "?sortBy=nonsense&sortOrder=asc", "?sortBy=id", "?sortOrder=sideways",
                    "?startedBefore=not-a-date", "?processInstanceIds=",
                    "?tenantIdIn=" + encode(LONG.substring(0, 500)), "?variables=a_b_c", "?active=maybe")) {
                engineRest("GET", "/engine-rest" + collection + query, null);
                engineRest("GET", "/engine-rest" + collection + "/count" + query, null);
            }
        }
        for (String query : List.of("/process-instance", "/task", "/history/process-instance", "/job")) {
            for (String body : List.of("{", "[]", "{\"sorting\":[{\"sortBy\":\"nonsense\"}]}",
                    "{\"processInstanceIds\":\"x\"}",
                    "{\"variables\":[{\"name\":\"a\",\"operator\":\"weird\",\"value\":1}]}")) {
                engineRest("POST", "/engine-rest" + query + "?firstResult=-1", body);
                engineRest("POST", "/engine-rest" + query, body);
            }
        }
        for (String body : List.of("{}", "{\"retries\":-1}", "{\"retries\":\"x\"}", "{\"retries\":1,\"extra\":1}", "[",
                "")) {
            engineRest("PUT", "/engine-rest/job/no-such-job/retries", body);
            engineRest("PUT", "/engine-rest/job-definition/no-such-definition/retries", body);
        }
        engineRest("PUT", "/engine-rest/job/no-such-job/retries", "{\"retries\":1}");
        engineRest("PUT", "/engine-rest/job-definition/no-such-definition/retries", "{\"retries\":1}");
        engineRest("PUT", "/engine-rest/incident/no-such-incident/annotation", "{\"annotation\":\"x\"}");
        engineRest("DELETE", "/engine-rest/incident/no-such-incident", null);
        engineRest("GET", "/engine-rest/job/no-such-job/retries", null);
        assertThat(fivehundreds).as("requests answered 5xx, of " + requests).isEmpty();
    }

    private void engineRest(String verb, String path, String body) {
        requests++;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api().url(path)))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .header("Authorization",
                        "Basic " + Base64.getEncoder()
                            .encodeToString((FUZZER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .method(verb,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) {
                fivehundreds.add(verb + " " + abbreviate(path) + " with " + abbreviate(String.valueOf(body)) + " → "
                        + response.statusCode() + " " + abbreviate(response.body()));
            }
        }
        catch (Exception e) {
            fivehundreds.add(verb + " " + abbreviate(path) + ": no answer (" + e + ")");
        }
    }

    private void drive(String verb, String path, HandlerMethod handler, boolean json, BrowserSession admin, String csrf,
            String rawCsrf) {
        List<String> params = params(handler);
        boolean agent = path.startsWith("/agent/");
        // JSON for the pages' own scripts (no /api prefix) goes with the session and its
        // CSRF token
        session = !path.startsWith("/api/") && !agent ? rawCsrf : null;
        if (verb.equals("GET") || verb.equals("DELETE")) {
            for (String query : queries(params)) {
                send(verb, path + query, null, null, json, agent, admin);
            }
            return;
        }
        if (json) {
            List<String> bodies = new ArrayList<>(NESTED);
            bodies.addAll(WRONG);
            bodies.addAll(wronglyTyped(handler));
            for (String body : bodies) {
                send(verb, path, "application/json", body, true, agent, admin);
            }
            send(verb, path, "text/csv", "hostname,ip\n" + (LONG + ",1\n").repeat(50), true, agent, admin);
            for (String query : queries(params)) {
                send(verb, path + query, "application/json", "{}", true, agent, admin);
            }
            return;
        }
        for (String form : forms(handler)) {
            send(verb, path, "application/x-www-form-urlencoded", form + "&_csrf=" + csrf, false, false, admin);
        }
    }

    private void send(String verb, String path, String contentType, String body, boolean json, boolean agent,
            BrowserSession admin) {
        requests++;
        HttpResponse<String> response;
        try {
            if (!json) {
                response = contentType == null ? admin.get(path) : admin.postForm(path, body);
            }
            else if (session != null) {
                response = admin.send(verb, path, contentType, body, session);
            }
            else {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api().url(path)))
                    .timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json")
                    .method(verb, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
                if (contentType != null) {
                    request.header("Content-Type", contentType);
                }
                request.header("Authorization",
                        agent ? "Bearer zz-unknown.not-a-secret" : "Basic " + Base64.getEncoder()
                            .encodeToString((FUZZER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
        }
        catch (Exception e) {
            fivehundreds.add(verb + " " + abbreviate(path) + ": no answer (" + e + ")");
            return;
        }
        if (response.statusCode() >= 500) {
            fivehundreds.add(verb + " " + abbreviate(path) + " with " + abbreviate(String.valueOf(body)) + " → "
                    + response.statusCode() + " " + abbreviate(response.body()));
        }
    }

    /**
     * The path with each variable set to an unknown id or an oversized value; for an
     * endpoint that reads a body, also to a real value where one changes nothing (a
     * feed's name).
     */
    private static List<String> paths(String pattern, boolean readsBody) {
        Matcher variables = Pattern.compile("\\{(\\w+)[^}]*}").matcher(pattern);
        List<String> names = new ArrayList<>();
        while (variables.find()) {
            names.add(variables.group(1));
        }
        if (names.isEmpty()) {
            return List.of(pattern);
        }
        List<String> paths = new ArrayList<>();
        for (String value : List.of(UNKNOWN_NUMBER, LONG)) {
            paths.add(fill(pattern, n -> value));
        }
        for (String name : readsBody ? names : List.<String>of()) {
            for (String real : REAL.getOrDefault(name, List.of())) {
                paths.add(fill(pattern, n -> n.equals(name) ? real : UNKNOWN_NUMBER));
            }
        }
        return paths;
    }

    private static String fill(String pattern, java.util.function.Function<String, String> value) {
        Matcher variables = Pattern.compile("\\{(\\w+)[^}]*}").matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (variables.find()) {
            variables.appendReplacement(path, Matcher.quoteReplacement(encode(value.apply(variables.group(1)))));
        }
        variables.appendTail(path);
        return path.toString();
    }

    /**
     * Query strings: each parameter oversized, wrongly typed, or empty, plus paging
     * nonsense.
     */
    private static List<String> queries(List<String> params) {
        List<String> queries = new ArrayList<>(List.of("", "?size=abc&page=-5", "?size=100000&page=99999999999"));
        for (String param : params) {
            queries.add("?" + param + "=" + encode(UNDER_THE_LIMIT.substring(0, 3_000)));
            queries.add("?" + param + "=abc%00%ff");
            queries.add("?" + param + "=");
        }
        return queries;
    }

    /**
     * Form bodies: every field with a value of its type, then each field in turn under
     * the length limit (so that it reaches the controller), over it, and of the wrong
     * type; and far too many fields, and a field name far too long.
     */
    private static List<String> forms(HandlerMethod handler) {
        Map<String, Class<?>> params = typedParams(handler);
        List<String> forms = new ArrayList<>();
        forms.add(form(params, null, null));
        for (Map.Entry<String, Class<?>> param : params.entrySet()) {
            forms.add(form(params, param.getKey(), UNDER_THE_LIMIT));
            forms.add(form(params, param.getKey(), OVER_THE_LIMIT));
            forms.add(form(params, param.getKey(), param.getValue() == String.class ? "\u0000\u0001<script>" : "abc"));
            forms.add(form(params, param.getKey(), "-99999999999999999999"));
        }
        String neutral = form(params, null, null);
        forms.add(neutral + "&"
                + java.util.stream.IntStream.range(0, 400)
                    .mapToObj(i -> "f" + i + "=1")
                    .collect(Collectors.joining("&")));
        forms.add(neutral + "&" + "n".repeat(500) + "=1");
        return forms;
    }

    /**
     * Every field with a plain value of its type, except one field with the given value.
     */
    private static String form(Map<String, Class<?>> params, String special, String value) {
        return params.entrySet()
            .stream()
            .map(p -> p.getKey() + "=" + encode(p.getKey().equals(special) ? value : neutral(p.getValue())))
            .collect(Collectors.joining("&"));
    }

    private static String neutral(Class<?> type) {
        if (type == boolean.class || type == Boolean.class) {
            return "false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "1";
        }
        return "a";
    }

    private static Map<String, Class<?>> typedParams(HandlerMethod handler) {
        Map<String, Class<?>> params = new LinkedHashMap<>();
        for (Parameter parameter : handler.getMethod().getParameters()) {
            RequestParam param = parameter.getAnnotation(RequestParam.class);
            if (param != null) {
                String name = !param.name().isEmpty() ? param.name()
                        : !param.value().isEmpty() ? param.value() : parameter.getName();
                params.put(name, parameter.getType());
            }
        }
        return params;
    }

    /**
     * JSON bodies for the endpoint's own request record: every field oversized, then
     * every field the wrong type.
     */
    private static List<String> wronglyTyped(HandlerMethod handler) {
        List<String> bodies = new ArrayList<>();
        for (Parameter parameter : handler.getMethod().getParameters()) {
            if (parameter.isAnnotationPresent(RequestBody.class) && parameter.getType().isRecord()) {
                Map<String, Object> oversized = new LinkedHashMap<>();
                Map<String, Object> wrong = new LinkedHashMap<>();
                Map<String, Object> nested = new LinkedHashMap<>();
                for (RecordComponent component : parameter.getType().getRecordComponents()) {
                    oversized.put(component.getName(),
                            component.getType() == String.class ? OVER_THE_LIMIT : List.of(OVER_THE_LIMIT));
                    wrong.put(component.getName(), component.getType() == String.class ? List.of(1, 2)
                            : "not-a-" + component.getType().getSimpleName());
                    nested.put(component.getName(), Map.of("a", Map.of("b", List.of(Map.of()))));
                }
                bodies.add(write(oversized));
                bodies.add(write(wrong));
                bodies.add(write(nested));
            }
        }
        return bodies;
    }

    private static List<String> params(HandlerMethod handler) {
        List<String> names = new ArrayList<>();
        for (Parameter parameter : handler.getMethod().getParameters()) {
            RequestParam param = parameter.getAnnotation(RequestParam.class);
            if (param != null) {
                String name = !param.name().isEmpty() ? param.name()
                        : !param.value().isEmpty() ? param.value() : parameter.getName();
                names.add(name);
            }
        }
        return names;
    }

    private static boolean readsBody(HandlerMethod handler) {
        for (Parameter parameter : handler.getMethod().getParameters()) {
            if (parameter.isAnnotationPresent(RequestBody.class) || parameter.getType() == HttpServletRequest.class
                    || parameter.getType() == MultipartFile.class) {
                return true;
            }
        }
        return false;
    }

    private static boolean takesInput(HandlerMethod handler) {
        for (Parameter parameter : handler.getMethod().getParameters()) {
            if (parameter.isAnnotationPresent(RequestBody.class) || parameter.isAnnotationPresent(RequestParam.class)
                    || parameter.isAnnotationPresent(PathVariable.class)
                    || parameter.getType() == HttpServletRequest.class || parameter.getType() == MultipartFile.class) {
                return true;
            }
        }
        return false;
    }

    private record ApiResponse(int status, String body) {
    }

    private ApiResponse basic(String credentials, String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api().url(path)))
                .header("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .GET()
                .build(), HttpResponse.BodyHandlers.ofString());
            return new ApiResponse(response.statusCode(), response.body());
        }
        catch (Exception e) {
            return new ApiResponse(599, e.toString());
        }
    }

    private static String csrfToken(BrowserSession session) {
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(session.get("/calendar").body());
        assertThat(token.find()).as("a CSRF token on the calendar page").isTrue();
        return encode(token.group(1));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String write(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        }
        catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 160 ? text.substring(0, 160) + "…" : text;
    }

}
