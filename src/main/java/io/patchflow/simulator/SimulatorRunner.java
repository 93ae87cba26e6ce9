package io.patchflow.simulator;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.patchflow.agent.AgentRegistry;
import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.inventory.Inventory;
import jakarta.annotation.PreDestroy;

/**
 * Starts the SIMULATED fleet when the server is up: one simulated agent per asset of
 * every customer, enrolled with a fresh enrolment token, talking to this server over
 * loopback HTTP.
 */
@Component
@ConditionalOnProperty(name = "patchflow.simulator.enabled", havingValue = "true")
class SimulatorRunner {

    private static final Logger log = LoggerFactory.getLogger(SimulatorRunner.class);

    private final SimulatorSettings settings;

    private final AgentRegistry agents;

    private final Customers customers;

    private final Inventory inventory;

    private FleetSimulator simulator;

    SimulatorRunner(SimulatorSettings settings, AgentRegistry agents, Customers customers, Inventory inventory) {
        this.settings = settings;
        this.agents = agents;
        this.customers = customers;
        this.inventory = inventory;
    }

    /**
     * After start-up (demo data is in by then), so the simulator finds the assets it
     * answers for.
     */
    @EventListener
    void start(ApplicationReadyEvent event) throws Exception {
        int port = ((WebServerApplicationContext) event.getApplicationContext()).getWebServer().getPort();
        // the agent API is under the server's context path, if it runs under one
        // (server.servlet.context-path)
        String contextPath = event.getApplicationContext()
            .getEnvironment()
            .getProperty("server.servlet.context-path", "");
        simulator = new FleetSimulator(URI.create("http://127.0.0.1:" + port + contextPath), settings, 42);
        for (Customer customer : customers.all()) {
            List<String> hosts = inventory.hostnamesOfCustomer(customer.id());
            if (hosts.isEmpty()) {
                continue;
            }
            String token = agents.issueEnrolmentToken(customer.id(), Duration.ofMinutes(10), hosts.size(), "simulator");
            simulator.enrol(token, hosts);
        }
        simulator.start();
        log.warn(
                "[SIMULATED] fleet simulator running: {} SIMULATED agent(s), failure rate {}, timeout rate {}, failing hosts {}",
                simulator.agentCount(), settings.failureRate(), settings.timeoutRate(), settings.failingHosts());
    }

    @PreDestroy
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

}
