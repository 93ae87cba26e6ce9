package io.patchflow.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.patchflow.shared.InvalidInputException;

class RequestLimitsTest {

    private final RequestLimits limits = new RequestLimits();

    @Test
    void aNulOrAnotherControlCharacterInAFieldIsRefusedByNameButLineBreaksAndTabsAreText() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/changes");
        request.addParameter("q", "abc\u0000\u00ff");

        assertThatThrownBy(() -> limits.preHandle(request, new MockHttpServletResponse(), null))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("q"))
            .hasMessageContaining("control characters");

        MockHttpServletRequest comment = new MockHttpServletRequest("POST", "/changes/CHG-1/cancel");
        comment.addParameter("reason", "first line\r\nsecond\tline, ünïcode");
        assertThat(limits.preHandle(comment, new MockHttpServletResponse(), null)).isTrue();
    }

    @Test
    void aLongValueIsRefusedByName() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/changes");
        request.addParameter("title", "x".repeat(RequestLimits.MAX_VALUE + 1));

        assertThatThrownBy(() -> limits.preHandle(request, new MockHttpServletResponse(), null))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("title"));
    }

}
