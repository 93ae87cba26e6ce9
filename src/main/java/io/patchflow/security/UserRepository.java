package io.patchflow.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Users, their roles and their customers: {@code app_user}, {@code app_user_role},
 * {@code app_user_customer}.
 */
@Repository
class UserRepository {

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<AppUser> find(String username) {
        return load("WHERE u.username = :username", Map.of("username", username)).stream().findFirst();
    }

    /**
     * Every user. People are counted in hundreds, not millions; one query loads them all.
     */
    List<AppUser> all() {
        return load("", Map.of());
    }

    void create(AppUser user) {
        jdbc.sql("INSERT INTO app_user(username, display_name, email, password_hash, enabled) VALUES (?,?,?,?,?)")
            .params(user.username(), user.displayName(), user.email(), user.passwordHash(), user.enabled())
            .update();
        for (Role role : user.roles()) {
            jdbc.sql("INSERT INTO app_user_role(username, role) VALUES (?,?)")
                .params(user.username(), role.groupId())
                .update();
        }
        for (String customer : user.customerIds()) {
            jdbc.sql("INSERT INTO app_user_customer(username, customer_id) VALUES (?,?)")
                .params(user.username(), customer)
                .update();
        }
    }

    boolean exists(String username) {
        return jdbc.sql("SELECT COUNT(*) FROM app_user WHERE username = ?")
            .param(username)
            .query(Integer.class)
            .single() > 0;
    }

    private List<AppUser> load(String where, Map<String, ?> params) {
        record Row(String username, String displayName, String email, String passwordHash, boolean enabled) {
        }
        List<Row> rows = jdbc
            .sql("SELECT u.username, u.display_name, u.email, u.password_hash, u.enabled FROM app_user u " + where
                    + " ORDER BY u.username")
            .params(params)
            .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getBoolean(5)))
            .list();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, Set<Role>> roles = new HashMap<>();
        Map<String, Set<String>> customers = new HashMap<>();
        Collection<String> names = rows.stream().map(Row::username).toList();
        jdbc.sql("SELECT username, role FROM app_user_role WHERE username IN (:names)")
            .param("names", names)
            .query(rs -> {
                String username = rs.getString(1);
                Role.ofGroupId(rs.getString(2))
                    .ifPresent(role -> roles.computeIfAbsent(username, k -> new TreeSet<>()).add(role));
            });
        jdbc.sql("SELECT username, customer_id FROM app_user_customer WHERE username IN (:names)")
            .param("names", names)
            .query(rs -> {
                customers.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
            });
        Map<String, AppUser> users = new LinkedHashMap<>();
        for (Row row : rows) {
            users.put(row.username(),
                    new AppUser(row.username(), row.displayName(), row.email(), row.passwordHash(), row.enabled(),
                            roles.getOrDefault(row.username(), Set.of()),
                            customers.getOrDefault(row.username(), Set.of())));
        }
        return new ArrayList<>(users.values());
    }

}
