package dev.lamina.app;

import javafx.application.Application;

/**
 * `lamina ui`: the launcher (bin/lamina) starts this JVM straight away, with
 * `lamina ui`'s arguments, --launcher (the `lamina` that can start the engine) and
 * --default-host (the data root's engine); alone, the app uses DOCKER_HOST.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        try {
            AppSettings.parse(java.util.List.of(args));
        } catch (AppSettings.HelpRequested e) {
            System.out.print(AppSettings.USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("lamina ui: " + e.getMessage());
            System.exit(2);
        }
        Application.launch(LaminaApp.class, args);
    }
}
