package io.patchflow.inventory;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param staleAfter an agent not heard from for this long flags its asset NOT_SEEN
 */
@ConfigurationProperties("patchflow.inventory")
public record InventorySettings(@DefaultValue("P7D") Duration staleAfter) {
}
