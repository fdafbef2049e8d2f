package dev.lamina.app;

import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

/** Runs a container from an image: docker run's common options; its result is the new container's id. */
public final class RunDialog extends Dialog<String> {
    private static final ButtonType RUN = new ButtonType("Run", ButtonBar.ButtonData.OK_DONE);

    private final Label problem = new Label();
    private String started;

    public RunDialog(Docker docker, String image, javafx.stage.Window owner) {
        setTitle("Run " + image);
        setHeaderText("Run a container from " + image);
        initOwner(owner);
        getDialogPane().getButtonTypes().addAll(RUN, ButtonType.CANCEL);
        TextField imageField = field("run-image", image, "image");
        TextField name = field("run-name", "", "optional; the engine makes one up");
        TextField command = field("run-command", "", "optional; the image's own when empty, e.g. sh -c 'echo hi'");
        TextArea env = new TextArea();
        env.setId("run-env");
        env.setPromptText("KEY=VALUE, one a line");
        env.setPrefRowCount(3);
        TextField ports = field("run-ports", "", "e.g. 8080:80, 127.0.0.1::53/udp");
        CheckBox tty = new CheckBox("Allocate a terminal (-t) and keep standard input open (-i)");
        tty.setId("run-tty");
        ChoiceBox<String> restart = new ChoiceBox<>();
        restart.getItems().setAll(RunRequest.RESTART_POLICIES);
        restart.setValue("no");
        restart.setId("run-restart");
        problem.setWrapText(true);
        problem.setId("run-problem");
        problem.getStyleClass().add("problem");

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.setPadding(new Insets(10));
        int row = 0;
        grid.addRow(row++, new Label("Image"), imageField);
        grid.addRow(row++, new Label("Name"), name);
        grid.addRow(row++, new Label("Command"), command);
        grid.addRow(row++, new Label("Environment"), env);
        grid.addRow(row++, new Label("Ports"), ports);
        grid.addRow(row++, new Label("Restart"), restart);
        grid.add(tty, 1, row++);
        grid.add(problem, 0, row, 2, 1);
        GridPane.setHgrow(imageField, Priority.ALWAYS);
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // never "Im…"
        grid.getColumnConstraints().add(labels);
        grid.setPrefWidth(560);
        getDialogPane().setContent(grid);

        Button run = (Button) getDialogPane().lookupButton(RUN);
        run.setId("run-start");
        run.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume(); // closes only once the container runs
            RunRequest request;
            try {
                request = RunRequest.of(imageField.getText(), name.getText(), command.getText(), env.getText(),
                        ports.getText(), tty.isSelected(), restart.getValue());
            } catch (IllegalArgumentException mistake) {
                problem.setText(mistake.getMessage());
                return;
            }
            run.setDisable(true);
            problem.setText("Starting…");
            Background.run(() -> request.run(docker.client()), (String id) -> {
                started = id;
                close();
            }, failure -> {
                run.setDisable(false);
                problem.setText(Failure.of("run " + request.image(), failure).text());
            });
        });
        setResultConverter(_ -> started);
    }

    private static TextField field(String id, String text, String prompt) {
        TextField f = new TextField(text);
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefColumnCount(34);
        return f;
    }
}
