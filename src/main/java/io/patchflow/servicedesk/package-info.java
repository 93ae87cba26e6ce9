/**
 * The service desk's question "did a patch break this?": from a ticket and a period,
 * every change that installed something on the ticket's customer's assets, with what went
 * where and how it ended. A read model of its own over the changes, their assets and the
 * agents' install jobs (STYLE.md, habit 14); the tickets themselves are
 * {@code ticketing}'s.
 */
package io.patchflow.servicedesk;
