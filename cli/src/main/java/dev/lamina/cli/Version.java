package dev.lamina.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.IVersionProvider;

/** `lamina --version`: the version the build wrote into the resource next to this class (see cli/pom.xml). */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        try (InputStream in = Version.class.getResourceAsStream("version")) {
            return new String[] {"lamina " + new String(in.readAllBytes(), StandardCharsets.UTF_8).strip()};
        }
    }
}
