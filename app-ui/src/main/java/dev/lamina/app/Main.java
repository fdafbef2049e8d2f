package dev.lamina.app;

import javafx.application.Application;

/**
 * Starts the app: `lamina ui` runs it with --host (the data root's engine) and
 * --launcher (the `lamina` that can start that engine); alone, it uses DOCKER_HOST.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        try {
            AppSettings.parse(java.util.List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("lamina ui: " + e.getMessage());
            System.exit(2);
        }
        Application.launch(LaminaApp.class, args);
    }
}
