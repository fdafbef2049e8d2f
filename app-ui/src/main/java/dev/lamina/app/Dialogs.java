package dev.lamina.app;

import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.stage.Window;

/** The app's alerts: failures, and confirmations of what cannot be undone. */
public final class Dialogs {
    private Dialogs() {}

    public static void show(Node owner, Failure failure) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.setTitle("Lamina");
        alert.setHeaderText(failure.what());
        Label body = new Label(failure.why() + "\n\n" + failure.next());
        body.setWrapText(true);
        body.setId("failure-message");
        alert.getDialogPane().setContent(body);
        alert.getDialogPane().setPrefWidth(520);
        own(alert, owner);
        alert.show();
    }

    /** Asks before {@code action}; true when the person confirmed. */
    public static boolean confirm(Node owner, String question, String detail, String action) {
        ButtonType yes = new ButtonType(action, ButtonType.OK.getButtonData());
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, detail, yes, ButtonType.CANCEL);
        alert.setTitle("Lamina");
        alert.setHeaderText(question);
        own(alert, owner);
        return alert.showAndWait().filter(b -> b == yes).isPresent();
    }

    private static void own(Alert alert, Node owner) {
        Window w = owner == null || owner.getScene() == null ? null : owner.getScene().getWindow();
        if (w != null) alert.initOwner(w);
    }
}
