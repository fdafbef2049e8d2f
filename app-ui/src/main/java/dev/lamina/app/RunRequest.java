package dev.lamina.app;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.RestartPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * What the run dialog asks for, checked: the image, an optional name, a command
 * (words as a shell splits them, with quotes), environment lines KEY=VALUE, ports
 * as docker run -p writes them, a terminal, a restart policy.
 */
public record RunRequest(String image, String name, List<String> command, List<String> env, List<PortBinding> ports,
        boolean tty, String restart) {
    public static final List<String> RESTART_POLICIES = List.of("no", "on-failure", "always", "unless-stopped");

    /** Reads the dialog's fields; a mistake is an IllegalArgumentException saying what to write instead. */
    public static RunRequest of(String image, String name, String command, String env, String ports, boolean tty, String restart) {
        if (image == null || image.isBlank()) throw new IllegalArgumentException("Choose an image to run.");
        List<String> envLines = new ArrayList<>();
        for (String line : env.split("\\R")) {
            String l = line.strip();
            if (l.isEmpty()) continue;
            if (l.indexOf('=') <= 0) throw new IllegalArgumentException("Environment: write each variable as KEY=VALUE, one a line (not '" + l + "').");
            envLines.add(l);
        }
        List<PortBinding> bindings = new ArrayList<>();
        for (String p : ports.split("[,\\s]+")) {
            if (p.isBlank()) continue;
            try {
                bindings.add(PortBinding.parse(p));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Ports: write each as [IP:][HOST_PORT:]PORT[/udp], such as 8080:80 (not '" + p + "').");
            }
        }
        return new RunRequest(image.strip(), name.strip(), words(command), envLines, bindings, tty, restart);
    }

    /** Splits as a shell would: spaces separate words, quotes keep them together, backslash escapes. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else if (c == '\\' && quote == '"' && i + 1 < line.length()) w.append(line.charAt(++i));
                else w.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                w.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) words.add(w.toString());
                w.setLength(0);
                inWord = false;
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (quote != 0) throw new IllegalArgumentException("Command: a quote is not closed.");
        if (inWord) words.add(w.toString());
        return words;
    }

    /** Creates the container and starts it; returns its id. */
    public String run(DockerClient client) {
        HostConfig host = HostConfig.newHostConfig().withPortBindings(ports)
                .withRestartPolicy(RestartPolicy.parse(restart));
        CreateContainerCmd create = client.createContainerCmd(image).withHostConfig(host).withTty(tty)
                .withStdinOpen(tty).withEnv(env)
                .withExposedPorts(ports.stream().map(PortBinding::getExposedPort).toArray(ExposedPort[]::new));
        if (!name.isEmpty()) create.withName(name);
        if (!command.isEmpty()) create.withCmd(command);
        String id = create.exec().getId();
        client.startContainerCmd(id).exec();
        return id;
    }
}
