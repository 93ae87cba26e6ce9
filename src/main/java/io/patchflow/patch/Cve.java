package io.patchflow.patch;

import java.math.BigDecimal;

/**
 * A vulnerability a patch fixes, with its CVSS base score and whether it is known to be
 * exploited.
 */
public record Cve(String id, BigDecimal cvss, boolean knownExploited) {
}
