package dev.lamina.app;

import javafx.application.ColorScheme;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.Scene;

/**
 * Whether a window shows dark: the OS's light or dark setting (JavaFX's
 * Platform.Preferences), unless its scene's own preference says otherwise.
 */
public final class DarkMode {
    private DarkMode() {}

    /** Follows the setting; hold it (a binding listens weakly). */
    public static BooleanBinding of(Scene scene) {
        return Bindings.createBooleanBinding(() -> scene.getPreferences().getColorScheme() == ColorScheme.DARK,
                scene.getPreferences().colorSchemeProperty(), Platform.getPreferences().colorSchemeProperty());
    }
}
