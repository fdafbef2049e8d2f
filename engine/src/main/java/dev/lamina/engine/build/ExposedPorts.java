package dev.lamina.engine.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** EXPOSE's words: PORT[/PROTO] or a range START-END[/PROTO], as the keys of a config's ExposedPorts. */
final class ExposedPorts {
    private static final int MAX_RANGE = 65536;

    private ExposedPorts() {}

    static List<String> parse(String word) {
        String proto = "tcp", ports = word;
        int slash = word.indexOf('/');
        if (slash >= 0) {
            proto = word.substring(slash + 1).toLowerCase(Locale.ROOT);
            ports = word.substring(0, slash);
            if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp"))
                throw new BuildException("invalid proto: " + proto);
        }
        int dash = ports.indexOf('-');
        int start = port(dash < 0 ? ports : ports.substring(0, dash), word);
        int end = dash < 0 ? start : port(ports.substring(dash + 1), word);
        if (end < start || end - start >= MAX_RANGE) throw new BuildException("invalid range specified for port: " + word);
        List<String> out = new ArrayList<>();
        for (int p = start; p <= end; p++) out.add(p + "/" + proto);
        return out;
    }

    private static int port(String s, String word) {
        if (!s.matches("\\d{1,5}") || Integer.parseInt(s) > 65535) throw new BuildException("invalid containerPort: " + word);
        return Integer.parseInt(s);
    }
}
