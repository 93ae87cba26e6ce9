package io.patchflow.web;

import java.util.Map;

import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document says which query parameters each endpoint takes, each with a
 * description, and that any other is refused ({@link KnownParameters}). The paging and
 * period parameters many endpoints share are described here once; the others where they
 * are declared ({@code @Parameter(description = ...)}).
 */
@Configuration
class ApiDocsSetup {

    static final String UNKNOWN_PARAMETERS = "A query parameter not listed here is refused with 400, naming it.";

    static final Map<String, String> SHARED = Map.of("page", "Page number, from 0", "size", "Items per page, 1 to 200",
            "from",
            "Start of the period, an ISO 8601 date-time with offset (e.g. 2026-12-01T00:00:00Z); the operation says its default",
            "to", "End of the period, exclusive, an ISO 8601 date-time with offset; the operation says its default");

    @Bean
    OperationCustomizer knownQueryParameters() {
        return (operation, handler) -> {
            if (operation.getParameters() != null) {
                operation.getParameters()
                    .stream()
                    .filter(p -> "query".equals(p.getIn()) && p.getDescription() == null)
                    .forEach(p -> p.setDescription(SHARED.get(p.getName())));
            }
            String description = operation.getDescription();
            operation
                .setDescription(description == null ? UNKNOWN_PARAMETERS : description + "\n\n" + UNKNOWN_PARAMETERS);
            return operation;
        };
    }

}
