package io.patchflow.notification;

/** How a person receives one kind of notification. */
public enum Delivery {

    /** A mail of its own, as soon as the sender runs. */
    IMMEDIATE,
    /** Collected into one mail per person per day, at the digest hour. */
    DIGEST,
    /** Not at all. */
    OFF

}
