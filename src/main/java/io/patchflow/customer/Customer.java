package io.patchflow.customer;

/**
 * A tenant: one MSP client or one business unit. Its id is also the Camunda tenant id.
 */
public record Customer(String id, String name) {
}
