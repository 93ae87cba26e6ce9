package io.patchflow.servicedesk;

import java.nio.charset.StandardCharsets;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import io.patchflow.security.Actor;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;
import io.patchflow.ticketing.TicketContext;

/**
 * "What changed around this ticket?": the page and its CSV download. Another customer's
 * ticket is not found (404); a bad period is said on the page (the CSV answers 400).
 */
@Controller
class ChangesAroundController {

    static final String PAGE = "servicedesk/changes-around";

    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final ChangesAround around;

    ChangesAroundController(ChangesAround around) {
        this.around = around;
    }

    @GetMapping("/tickets/{id}/changes-around")
    String page(Actor actor, @PathVariable String id, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(defaultValue = "false") boolean named,
            Model model) {
        TicketContext ticket = around.ticket(actor, ticketId(id));
        model.addAttribute("ticket", ticket);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("named", named);
        try {
            model.addAttribute("report", around.report(ticket, ChangesAround.period(ticket, from, to), named));
        }
        catch (InvalidInputException e) {
            // the ticket is the user's: the page says what is wrong with the period
            model.addAttribute("error", e.getMessage());
            model.addAttribute("errorField", e.field());
        }
        return PAGE;
    }

    @GetMapping("/tickets/{id}/changes-around.csv")
    ResponseEntity<String> csv(Actor actor, @PathVariable String id, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(defaultValue = "false") boolean named) {
        TicketContext ticket = around.ticket(actor, ticketId(id));
        ChangesAround.Report report = around.report(ticket, ChangesAround.period(ticket, from, to), named);
        String name = "ticket-" + id + "-changes-" + report.period().from() + "-to-" + report.period().to() + ".csv";
        return ResponseEntity.ok()
            .contentType(CSV)
            .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
            .cacheControl(CacheControl.noStore())
            .body(ChangesAroundCsv.of(report));
    }

    private static long ticketId(String id) {
        try {
            long value = Long.parseLong(id);
            if (value > 0) {
                return value;
            }
        }
        catch (NumberFormatException e) {
            // fall through
        }
        throw new NotFoundException("no ticket " + id);
    }

}
