package io.patchflow.inbox;

import java.time.Instant;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.patchflow.security.Actor;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;

/** Where a person says they will be away and who deputises (ADR 0039). */
@Controller
class AbsenceController {

    static final String ABSENCE = "inbox/absence";

    private final Absences absences;

    AbsenceController(Absences absences) {
        this.absences = absences;
    }

    @GetMapping("/settings/absence")
    String absence(Actor actor, Model model) {
        model.addAttribute("mayBeAway", Absences.mayBeAway(actor));
        model.addAttribute("absences", absences.planned(actor));
        model.addAttribute("deputies", absences.deputies(actor));
        model.addAttribute("now", Instant.now());
        return ABSENCE;
    }

    @PostMapping("/settings/absence")
    String set(Actor actor, @RequestParam(required = false) String from, @RequestParam(required = false) String until,
            @RequestParam(required = false) String deputy, RedirectAttributes redirect) {
        try {
            Absence absence = absences.set(actor, from, until, deputy);
            redirect.addFlashAttribute("notice", "Away from " + absence.from() + " until " + absence.until() + "; "
                    + absence.deputy() + " deputises for you.");
        }
        catch (InvalidInputException | ConflictException e) {
            redirect.addFlashAttribute("error", "Not saved: " + e.getMessage());
        }
        return "redirect:/settings/absence";
    }

    @PostMapping("/settings/absence/{id}/end")
    String end(Actor actor, @PathVariable long id, RedirectAttributes redirect) {
        absences.end(actor, id);
        redirect.addFlashAttribute("notice", "Your absence is ended; tasks handed to your deputy stay with them.");
        return "redirect:/settings/absence";
    }

}
