package dev.lamina.cli.testing;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.stage.Window;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The desktop app's tests' view of its window under TestFX: nodes by query, read on the FX thread,
 * dialogs' buttons, and waits that name what they waited for with the engine's log. */
public record AppLookup(FxRobot robot, Supplier<Window> main, Supplier<String> engineLog) {
    /** A button of a dialog (a window other than the app's). */
    public Button dialogButton(String text) {
        Window app = main.get();
        return robot.lookup(n -> n instanceof Button b && b.getText().equals(text) && b.getScene().getWindow() != app)
                .queryAs(Button.class);
    }

    public <T extends Node> T node(String query) {
        return robot.lookup(query).query();
    }

    public String text(String query) throws Exception {
        return fx(() -> ((Labeled) robot.lookup(query).query()).getText());
    }

    public static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }

    public void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting until " + what + "\n--- engine\n" + engineLog.get(), e);
        }
    }
}
