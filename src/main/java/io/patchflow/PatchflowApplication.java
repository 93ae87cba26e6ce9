package io.patchflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PatchflowApplication {

    public static void main(String[] args) {
        SpringApplication.run(PatchflowApplication.class, args);
    }

}
