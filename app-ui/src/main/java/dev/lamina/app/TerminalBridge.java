package dev.lamina.app;

import java.util.function.Consumer;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/**
 * What the terminal page (terminal.js) calls in Java, as window.lamina: WebKit
 * calls these public methods on the JavaFX thread, so none of them blocks.
 */
public final class TerminalBridge {
    /** A size the page measured: columns and rows. */
    public record Size(int columns, int rows) {}

    private final Consumer<String> input;
    private final Consumer<Size> resized;

    TerminalBridge(Consumer<String> input, Consumer<Size> resized) {
        this.input = input;
        this.resized = resized;
    }

    /** Keys typed or pasted, as xterm.js encodes them for the shell. */
    public void input(String data) {
        input.accept(data);
    }

    public void resize(int columns, int rows) {
        resized.accept(new Size(columns, rows));
    }

    /** The selection, to the system clipboard (Ctrl+Shift+C). */
    public void copy(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    /** What Ctrl+Shift+V pastes: the system clipboard's text, or "". */
    public String clipboardText() {
        String text = Clipboard.getSystemClipboard().getString();
        return text == null ? "" : text;
    }
}
