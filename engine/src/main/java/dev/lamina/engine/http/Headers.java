package dev.lamina.engine.http;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * The headers moby's middleware puts on every answer: clients read the API
 * version from Api-Version (the CLI falls back to 1.24 without it) and the OS
 * from Server (`docker stats` parses "Docker/... (linux)").
 */
public final class Headers {
    public static final String ENGINE_VERSION = "28.2.0";

    private Headers() {}

    static final String[][] COMMON = {
            {"Server", "Docker/" + ENGINE_VERSION + " (linux)"},
            {"Api-Version", ApiVersion.MAX.toString()},
            {"Docker-Experimental", "false"},
            {"Ostype", "linux"},
    };

    static void common(HttpHeaders h) {
        for (String[] kv : COMMON) h.set(kv[0], kv[1]);
    }

    static void common(StringBuilder head) {
        for (String[] kv : COMMON) head.append(kv[0]).append(": ").append(kv[1]).append("\r\n");
    }
}
