package dev.lamina.builder.dockerfile;

import java.util.List;

/** RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD's command: shell form or exec (JSON) form. */
public sealed interface Command permits Command.Shell, Command.Exec {

    /** Shell form: the raw text, run by the stage's SHELL. */
    record Shell(String line) implements Command {}

    /** Exec form: the JSON array's strings, already unquoted. */
    record Exec(List<String> args) implements Command {}
}
