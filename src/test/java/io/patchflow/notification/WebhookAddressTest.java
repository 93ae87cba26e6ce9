package io.patchflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class WebhookAddressTest {

    @Test
    void thisHostAndPrivateNetworksAreRefusedByNameAndOnceResolved() throws Exception {
        assertThat(WebhookAddress.refusalByName("hooks.slack.com")).isNull();
        assertThat(WebhookAddress.refusalByName("LOCALHOST")).contains("this host");
        assertThat(WebhookAddress.refusalByName("172.16.0.1")).contains("private network");
        assertThat(WebhookAddress.refusalByName("8.8.8.8")).isNull();
        assertThat(WebhookAddress.refusalByAddress("localhost")).contains("resolves to");
        assertThat(WebhookAddress.internal(InetAddress.getByName("fd00::1"))).isTrue();
        assertThat(WebhookAddress.internal(InetAddress.getByName("169.254.169.254"))).isTrue();
        assertThat(WebhookAddress.internal(InetAddress.getByName("2a00:1450::1"))).isFalse();
    }

}
