package io.patchflow.notification;

import java.net.URI;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Addresses in messages: the page of a task or a change, under the server's public
 * address ({@code patchflow.public-url}). Every link opens a page; none performs an
 * action, because mail scanners and chat previews follow links.
 */
@Component
class Links {

    private final String base;

    Links(@Value("${patchflow.public-url:http://localhost:8080}") String publicUrl) {
        URI uri = URI.create(publicUrl);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("patchflow.public-url must be an http(s) address, was " + publicUrl);
        }
        this.base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    String task(String taskId) {
        return base + "/tasks/" + taskId;
    }

    String change(long changeId) {
        return base + "/changes/" + changeId;
    }

    String settings() {
        return base + "/settings/notifications";
    }

    /** The host name, for Message-IDs. */
    String host() {
        return URI.create(base).getHost();
    }

}
