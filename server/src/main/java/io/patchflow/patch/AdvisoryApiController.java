package io.patchflow.patch;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.security.Actor;
import io.patchflow.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

@Tag(name = "Advisories", description = "Vendor advisories into the patch catalog: CVEs, type, reboot, supersedence, prerequisites")
@RestController
@RequestMapping("/api/admin/advisories")
class AdvisoryApiController {

    /** An advisory file is small next to the vulnerability feeds; more is a mistake, not a file. */
    static final long MAX_BYTES = 20L * 1024 * 1024;

    private final AdvisoryImport advisories;

    AdvisoryApiController(AdvisoryImport advisories) {
        this.advisories = advisories;
    }

    @Operation(summary = "Import an advisory file (administrator), all or nothing; see docs/advisories.md for the format")
    @PostMapping(path = "/import", consumes = MediaType.APPLICATION_JSON_VALUE)
    AdvisoryImport.Result importFile(Actor actor, HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BYTES) {
            throw new InvalidInputException("file", "an advisory file is at most 20 MB");
        }
        try (InputStream body = new Limited(request.getInputStream(), MAX_BYTES)) {
            return advisories.importFile(body, actor.username());
        }
    }

    /** Stops reading past the limit, for bodies sent without a length. */
    private static final class Limited extends java.io.FilterInputStream {
        private long left;

        Limited(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && --left < 0) {
                throw new InvalidInputException("file", "an advisory file is at most 20 MB");
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0 && (left -= n) < 0) {
                throw new InvalidInputException("file", "an advisory file is at most 20 MB");
            }
            return n;
        }
    }
}
