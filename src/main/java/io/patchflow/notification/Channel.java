package io.patchflow.notification;

/** How an outbox row is delivered. */
enum Channel {

    MAIL, WEBHOOK

}
