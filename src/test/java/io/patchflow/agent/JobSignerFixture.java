package io.patchflow.agent;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Makes a JobSigner from a key file, as the server does at start-up without a configured
 * key.
 */
public final class JobSignerFixture {

    public void generate(Path keyFile) {
        new JobSigner("", keyFile, new ObjectMapper());
    }

}
