package io.patchflow.changeview;

import java.nio.charset.StandardCharsets;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.patchflow.change.ChangeId;

/** The response of both history downloads: the page's and the API's. */
final class HistoryDownload {

    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private HistoryDownload() {
    }

    static ResponseEntity<String> of(ChangeId id, String csv) {
        return ResponseEntity.ok()
            .contentType(CSV)
            .header(HttpHeaders.CONTENT_DISPOSITION,
                    ContentDisposition.attachment().filename(id + "-history.csv").build().toString())
            // a trail is personal data of the people in it: not for shared caches
            .cacheControl(org.springframework.http.CacheControl.noStore())
            .body(csv);
    }

}
