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

@Tag(name = "Advisories",
        description = "Vendor advisories into the patch catalog: CVEs, type, reboot, supersedence, prerequisites")
@RestController
@RequestMapping("/api/admin/advisories")
class AdvisoryApiController {

    /**
     * An advisory file is small next to the vulnerability feeds; more is a mistake, not a
     * file.
     */
    static final long MAX_BYTES = 20L * 1024 * 1024;

    private final AdvisoryImport advisories;

    AdvisoryApiController(AdvisoryImport advisories) {
        this.advisories = advisories;
    }

    @Operation(
            summary = "Import an advisory file (administrator), all or nothing; see docs/advisories.md for the format")
    @PostMapping(path = "/import", consumes = MediaType.APPLICATION_JSON_VALUE)
    AdvisoryImport.Result importFile(Actor actor, HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BYTES) {
            throw new InvalidInputException("file", "an advisory file is at most 20 MB");
        }
        try (InputStream body = new io.patchflow.shared.LimitedInputStream(request.getInputStream(), MAX_BYTES)) {
            return advisories.importFile(body, actor.username());
        }
        catch (io.patchflow.shared.LimitedInputStream.TooLarge e) {
            throw new InvalidInputException("file", "an advisory file is at most 20 MB");
        }
    }

}
