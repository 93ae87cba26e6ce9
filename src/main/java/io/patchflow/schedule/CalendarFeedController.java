package io.patchflow.schedule;

import java.io.IOException;
import java.net.URI;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.patchflow.security.Actor;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

/**
 * The calendar feed (a secret address read by calendar applications, no sign-in), and on
 * the calendar page: issuing and revoking it, importing windows and blackouts from an
 * iCalendar file.
 */
@Controller
class CalendarFeedController {

    static final String FEED_PATH = "/calendar/feed/";

    private final CalendarFeeds feeds;

    private final CalendarImport imports;

    CalendarFeedController(CalendarFeeds feeds, CalendarImport imports) {
        this.feeds = feeds;
        this.imports = imports;
    }

    /**
     * Whatever is wrong with the token, the answer is the same 404: it tells nobody
     * whether an address ever existed.
     */
    @GetMapping(FEED_PATH + "{token}.ics")
    ResponseEntity<String> feed(@PathVariable String token) {
        return feeds.read(token, base())
            .map(ics -> ResponseEntity.ok()
                .contentType(new MediaType("text", "calendar", java.nio.charset.StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore().cachePrivate())
                .header("Referrer-Policy", "no-referrer")
                .body(ics))
            .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                .contentType(MediaType.TEXT_PLAIN)
                .body("no such calendar feed\n"));
    }

    @PostMapping("/calendar/feed")
    String issue(Actor actor, RedirectAttributes redirect) {
        redirect.addFlashAttribute("feedUrl", url(feeds.issue(actor)));
        redirect.addFlashAttribute("notice", "Your calendar feed has a new address; the old one no longer works. "
                + "Copy it now: it is shown only once.");
        return "redirect:/calendar";
    }

    @PostMapping("/calendar/feed/revoke")
    String revoke(Actor actor, RedirectAttributes redirect) {
        redirect.addFlashAttribute("notice",
                feeds.revoke(actor) ? "Your calendar feed address no longer works." : "You had no calendar feed.");
        return "redirect:/calendar";
    }

    @PostMapping("/calendar/import")
    String importFile(Actor actor, @RequestParam String customer, @RequestParam String content,
            @RequestParam(required = false) String kind, @RequestParam(required = false) MultipartFile file,
            RedirectAttributes redirect) {
        try {
            CalendarImport.Imported imported = imports.importFile(actor, customer, CalendarImport.Content.of(content),
                    kind, bytes(file));
            redirect.addFlashAttribute("notice", "Imported " + imported.names().size() + " "
                    + (imported.content() == CalendarImport.Content.WINDOWS ? "maintenance window(s)" : "blackout(s)")
                    + ": " + String.join(", ", imported.names()) + ".");
        }
        catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", "Nothing imported: " + e.getMessage());
        }
        catch (ForbiddenException | NotFoundException e) {
            redirect.addFlashAttribute("error", "Nothing imported: " + e.getMessage());
        }
        actor.visibleCustomer(customer).ifPresent(c -> redirect.addAttribute("customer", c));
        return "redirect:/calendar";
    }

    private static byte[] bytes(MultipartFile file) {
        if (file == null || file.isEmpty()) {
            return new byte[0];
        }
        if (file.getSize() > CalendarImport.MAX_BYTES) {
            throw new InvalidInputException("file",
                    "the file is larger than " + CalendarImport.MAX_BYTES / 1024 + " KiB");
        }
        try {
            return file.getBytes();
        }
        catch (IOException e) {
            throw new InvalidInputException("file", "the upload could not be read: " + e.getMessage());
        }
    }

    private static URI base() {
        return URI.create(ServletUriComponentsBuilder.fromCurrentContextPath().toUriString() + "/");
    }

    static String url(String token) {
        return base().resolve(FEED_PATH.substring(1) + token + ".ics").toString();
    }

}
