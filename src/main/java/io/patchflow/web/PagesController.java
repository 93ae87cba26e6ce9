package io.patchflow.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class PagesController {

    static final String LOGIN = "web/login";

    @GetMapping("/")
    String home() {
        return "redirect:/inbox";
    }

    @GetMapping("/login")
    String login() {
        return LOGIN;
    }

}
