package dev.lamina.app;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import javafx.application.Platform;
import javafx.beans.binding.BooleanBinding;
import javafx.concurrent.Worker;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.web.WebView;
import javafx.util.Subscription;
import netscape.javascript.JSObject;

/**
 * A shell in the selected container, in xterm.js (terminal/terminal.html in a
 * WebView): keys go to the exec's stdin, its output comes back to the page, the
 * page's size is the exec's terminal size. Copy and paste: Ctrl+Shift+C and
 * Ctrl+Shift+V, the buttons, or the context menu.
 */
@SuppressWarnings("removal") // JSObject: see module-info
public final class TerminalPane extends BorderPane {
    private final Docker docker;
    private final WebView view = new WebView();
    private final Label status = new Label();
    private final Button reconnect = new Button("Reconnect");
    /** Held here: WebKit keeps only a weak reference to what the page is given. */
    private final TerminalBridge bridge = new TerminalBridge(this::typed, this::resized);
    private JSObject page;
    private boolean dark;
    /** Held: the window's dark setting, which the terminal's colours follow (while in that window). */
    private BooleanBinding darkMode;
    private Subscription darkFollowed = Subscription.EMPTY;
    private TerminalBridge.Size size = new TerminalBridge.Size(80, 24);
    private String containerId;
    private Connection current;

    /** One shell opened for one container; callbacks of an earlier one find it is no longer current. */
    private static final class Connection {
        final String containerId;
        final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        boolean flushQueued;
        ShellSession session;
        boolean ended;

        Connection(String containerId) {
            this.containerId = containerId;
        }
    }

    public TerminalPane(Docker docker) {
        this.docker = docker;
        view.setId("terminal-view");
        view.setContextMenuEnabled(false);
        MenuItem copy = new MenuItem("Copy");
        copy.setOnAction(_ -> call("copy"));
        MenuItem paste = new MenuItem("Paste");
        paste.setOnAction(_ -> call("paste"));
        ContextMenu menu = new ContextMenu(copy, paste);
        view.setOnContextMenuRequested(e -> menu.show(view, e.getScreenX(), e.getScreenY()));
        Button copyButton = new Button("Copy");
        copyButton.setId("terminal-copy");
        copyButton.setOnAction(_ -> call("copy"));
        Button pasteButton = new Button("Paste");
        pasteButton.setId("terminal-paste");
        pasteButton.setOnAction(_ -> call("paste"));
        reconnect.setId("terminal-reconnect");
        reconnect.setOnAction(_ -> connect());
        reconnect.setVisible(false);
        status.setId("terminal-status");
        status.getStyleClass().add("hint");
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);
        HBox bar = new HBox(8, status, reconnect, copyButton, pasteButton);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        setTop(bar);
        setCenter(view);
        view.getEngine().getLoadWorker().stateProperty().addListener((_, _, state) -> {
            if (state == Worker.State.SUCCEEDED) loaded();
            else if (state == Worker.State.FAILED)
                status.setText("The terminal did not load: " + view.getEngine().getLoadWorker().getException());
        });
        sceneProperty().subscribe(scene -> {
            darkFollowed.unsubscribe();
            darkFollowed = Subscription.EMPTY;
            if (scene == null) return;
            darkMode = DarkMode.of(scene);
            darkFollowed = darkMode.subscribe(this::setDark);
        });
        view.getEngine().load(TerminalPane.class.getResource("terminal/terminal.html").toExternalForm());
    }

    /** Opens a shell in {@code id} unless one is open there already. */
    public void open(String id) {
        if (id != null && id.equals(containerId) && current != null && !current.ended) {
            focusTerminal();
            return;
        }
        close();
        containerId = id;
        if (page != null && id != null) connect();
    }

    /** Ends the shell, if any (another container is shown, or none). */
    public void close() {
        Connection c = current;
        current = null;
        containerId = null;
        if (c != null) end(c.session);
        reconnect.setVisible(false);
    }

    /** Ends a shell in the background: dropping its connection is a call like any other. */
    private static void end(ShellSession session) {
        if (session != null) Background.run(session::close, () -> { }, _ -> { });
    }

    private void setDark(boolean dark) {
        this.dark = dark;
        if (page != null) page.call("setDark", dark);
    }

    private void loaded() {
        JSObject window = (JSObject) view.getEngine().executeScript("window");
        window.setMember("lamina", bridge);
        page = (JSObject) window.getMember("laminaTerminal");
        page.call("start", dark);
        if (containerId != null) connect();
    }

    private void connect() {
        Connection old = current;
        if (old != null) end(old.session);
        Connection c = new Connection(containerId);
        current = c;
        reconnect.setVisible(false);
        page.call("reset");
        status.setText("Opening a shell…");
        Background.run(() -> ShellSession.open(docker, c.containerId, bytes -> output(c, bytes),
                failure -> Platform.runLater(() -> ended(c, failure))), (ShellSession s) -> {
            if (current != c || c.ended) {
                end(s);
                return;
            }
            c.session = s;
            status.setText("Shell in " + c.containerId.substring(0, Math.min(12, c.containerId.length()))
                    + " · Ctrl+Shift+C copy, Ctrl+Shift+V paste");
            resized(size);
            focusTerminal();
        }, e -> {
            if (current != c) return;
            c.ended = true;
            status.setText(Failure.of("open a shell in the container", e).text().replace('\n', ' '));
            reconnect.setVisible(true);
        });
    }

    private void ended(Connection c, Throwable failure) {
        if (current != c || c.ended) return;
        c.ended = true;
        reconnect.setVisible(true);
        if (failure != null) {
            status.setText(Failure.of("keep the shell open", failure).text().replace('\n', ' '));
            return;
        }
        status.setText("The shell ended.");
        ShellSession s = c.session;
        if (s == null) return;
        // Its exit code; and its lifeline ends too, with nothing left to hang up.
        Background.run(() -> {
            try {
                return s.exitCode();
            } finally {
                s.close();
            }
        }, (Long code) -> {
            if (current != c) return;
            String line = "The shell ended" + (code == null ? "." : " (exit code " + code + ").");
            status.setText(line);
            call("message", "[" + line + "]");
        }, _ -> { });
    }

    /** Output on docker-java's thread: gathered, and written to the page once per turn of the JavaFX thread. */
    private void output(Connection c, byte[] bytes) {
        synchronized (c.pending) {
            c.pending.writeBytes(bytes);
            if (c.flushQueued) return;
            c.flushQueued = true;
        }
        Platform.runLater(() -> {
            byte[] chunk;
            synchronized (c.pending) {
                chunk = c.pending.toByteArray();
                c.pending.reset();
                c.flushQueued = false;
            }
            if (current == c) call("write", Base64.getEncoder().encodeToString(chunk));
        });
    }

    private void typed(String keys) {
        Connection c = current;
        if (c != null && c.session != null && !c.ended) c.session.type(keys);
    }

    private void resized(TerminalBridge.Size s) {
        size = s;
        Connection c = current;
        if (c == null || c.session == null || c.ended) return;
        ShellSession session = c.session;
        // A resize that arrives as the shell ends has nothing left to resize: nothing to say.
        Background.run(() -> session.resize(s.columns(), s.rows()), () -> { }, _ -> { });
    }

    private void focusTerminal() {
        view.requestFocus();
        call("focus");
    }

    private void call(String function, Object... args) {
        if (page != null) page.call(function, args);
    }
}
