package io.patchflow.notification;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * A customer's webhook is called by the server, from inside the network: an address that
 * is (or resolves to) this host, a private or link-local network would let a change
 * manager make the server POST to internal services. Refused, unless
 * {@code patchflow.notifications.allow-private-webhooks} (tests, or a chat server inside
 * the network on purpose).
 */
final class WebhookAddress {

    private WebhookAddress() {
    }

    /** Why the host may not be called, or null if it may (checked when it is saved). */
    static String refusalByName(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.endsWith(".localhost") || name.endsWith(".internal")
                || name.endsWith(".local")) {
            return "the webhook's host " + host + " is on this host or a local network";
        }
        if (name.matches("[0-9.]+") || name.startsWith("[")) {
            try {
                InetAddress address = InetAddress.getByName(name.replace("[", "").replace("]", ""));
                return internal(address) ? "the webhook's address " + host + " is on this host or a private network"
                        : null;
            }
            catch (UnknownHostException e) {
                return "the webhook's address " + host + " is not an address";
            }
        }
        return null;
    }

    /**
     * Why the host may not be called now, after resolving it, or null if it may (checked
     * before each call: a name may resolve differently than when it was saved).
     */
    static String refusalByAddress(String host) throws UnknownHostException {
        for (InetAddress address : InetAddress.getAllByName(host)) {
            if (internal(address)) {
                return "the webhook's host " + host + " resolves to " + address.getHostAddress()
                        + ", on this host or a private network";
            }
        }
        return null;
    }

    static boolean internal(InetAddress address) {
        boolean uniqueLocal6 = address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
        return address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress() || uniqueLocal6;
    }

}
